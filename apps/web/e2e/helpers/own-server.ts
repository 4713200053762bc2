// A production server of its own (as `pnpm start` runs it, on a free port and a fresh embedded
// database), for tests that read its output, send it signals or give it other settings.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface OwnServer {
  child: ChildProcess;
  origin: string;
  /** The embedded database's directory. */
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL if still running, and the data directory removed. */
  dispose(): Promise<void>;
}

export async function startOwnServer(env: Record<string, string>, ready = '/healthz'): Promise<OwnServer> {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [, ...args] = scripts.start.split(/\s+/);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'margins-own-'));
  // eslint-disable-next-line no-restricted-properties -- the child needs PATH and the rest as given
  const { ORIGIN: _ignored, ...inherited } = process.env;
  const dataDir = env.MARGINS_DATA_DIR ?? join(dir, 'pglite');
  const child = spawn(process.execPath, args, {
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      MARGINS_DATA_DIR: dataDir,
      DATABASE_URL: '',
      MARGINS_SEED_DEMO: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = `http://localhost:${port}`;
  const server: OwnServer = {
    child,
    origin,
    dataDir,
    output: () => chunks.join(''),
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited early:\n${server.output()}`);
          return fetch(`${origin}${ready}`).then(
            (r) => r.status,
            () => 0,
          );
        },
        { timeout: 300_000, intervals: [250] },
      )
      .not.toBe(0);
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}
