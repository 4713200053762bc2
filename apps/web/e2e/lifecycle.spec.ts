// The production server as `pnpm start` runs it (no ORIGIN set, as on a fresh clone): a browser
// on the printed http://localhost address can sign up and log in; SIGTERM lets the server finish,
// close the database and exit; a restart on the same embedded data directory finds what was
// written before. Runs its own server (the build the suite tests) on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { openDatabase } from '@margins/db';
import { trpcMutation } from './helpers/api';
import { expect, PASSWORD, test, unique } from './fixtures';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The arguments of package.json's `start` script ("node <args…>"). */
function startArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`unexpected start script: ${scripts.start}`);
  return args;
}

async function startServer(
  port: number,
  dataDir: string,
): Promise<{ child: ChildProcess; output: string[] }> {
  // eslint-disable-next-line no-restricted-properties -- the child needs PATH and the rest as given
  const { ORIGIN: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, startArgs(), {
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      MARGINS_DATA_DIR: dataDir,
      DATABASE_URL: '',
      MARGINS_SEED_DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited early:\n${output.join('')}`);
        return fetch(`http://localhost:${port}/login`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(200);
  return { child, output };
}

test('as `pnpm start` runs it: sign-up works on localhost, SIGTERM closes the database and exits, a restart finds the data', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'margins-lifecycle-'));
  const dataDir = join(dir, 'pglite');
  const username = unique('life');
  try {
    const first = await startServer(port, dataDir);
    const api = await playwrightRequest.newContext({ baseURL: origin });
    await trpcMutation(api, origin, 'auth.signUp', {
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
    });
    await api.dispose();
    // Pages rendered for a reader: what a serving instance has open (before the fix the process
    // outlived SIGTERM after this).
    const reader = await playwrightRequest.newContext({ baseURL: origin });
    for (const path of ['/', '/browse']) expect((await reader.get(path)).status()).toBe(200);
    await reader.dispose();

    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    const sentAt = Date.now();
    first.child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000)),
    ]);
    if (code === 'still running') first.child.kill('SIGKILL');
    expect(code, first.output.join('')).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(first.output.join('')).toContain('closing the database');

    const second = await startServer(port, dataDir);
    try {
      // In the browser, through the login form, on the address the server prints.
      await page.goto(`${origin}/login`);
      await page.getByLabel('Username or email').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('link', { name: username })).toBeVisible();
    } finally {
      second.child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every instance runs the job worker: the hourly prune has run within seconds of start', async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'margins-jobs-'));
  const dataDir = join(dir, 'pglite');
  try {
    const server = await startServer(port, dataDir);
    // The worker polls once a second; give it a few ticks, then stop the server cleanly so the
    // embedded database can be opened here.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const jobs = await db.prisma.job.findMany({
        where: { task: 'housekeeping.prune' },
        select: { state: true },
      });
      expect(jobs, server.output.join('')).toEqual([{ state: 'done' }]);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
