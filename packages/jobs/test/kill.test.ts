// A job whose worker process is killed with SIGKILL mid-run is run again, once, by another
// process after its lease: at-least-once delivery with an idempotent effect is exactly-once in
// effect. PostgreSQL only: two processes cannot share an in-memory PGlite.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase, testDatabaseUrl, uniqueSuffix } from '@margins/db/test';
import { enqueue } from '../src/index';

const url = testDatabaseUrl();
let db: Database;
beforeAll(async () => {
  db = await openPrivateTestDatabase();
});
afterAll(async () => {
  await db.close();
});

/** The private database's URL: the test database URL with the private database's name. */
async function privateUrl(): Promise<string> {
  const rows = await db.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  const name = rows[0]!.name;
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return u.toString();
}

function startWorker(dbUrl: string, task: string, lease: number) {
  const child = spawn(
    process.execPath,
    [
      // From source, as Vitest runs the rest: tsx, and the workspace packages' "development" exports.
      '--conditions=development',
      '--import',
      'tsx',
      fileURLToPath(new URL('./worker-process.ts', import.meta.url)),
      dbUrl,
      task,
      String(lease),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  child.stdout.on('data', (c: Buffer) => lines.push(...c.toString().trim().split('\n')));
  child.stderr.on('data', (c: Buffer) => lines.push(c.toString()));
  return { child, lines };
}

async function exitOf(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('a worker killed with SIGKILL', () => {
  it.skipIf(!url)('leaves its job to be run again, once, by another instance after the lease', async () => {
    const dbUrl = await privateUrl();
    const task = `kill-${uniqueSuffix()}`;
    const effect = `job-effect-${uniqueSuffix()}`;
    const { id } = await enqueue(db.prisma, task, { effect });

    const first = startWorker(dbUrl, task, 2);
    await expect.poll(() => first.lines.join('\n'), { timeout: 30_000 }).toContain(`started ${id} attempt 1`);
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'running',
      attempts: 1,
    });

    const second = startWorker(dbUrl, task, 2);
    try {
      await expect
        .poll(async () => (await db.prisma.job.findUniqueOrThrow({ where: { id } })).state, {
          timeout: 30_000,
        })
        .toBe('done');
      const row = await db.prisma.job.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(2);
      expect(second.lines.filter((l) => l.startsWith(`started ${id}`))).toEqual([`started ${id} attempt 2`]);
      expect(await db.prisma.rateLimit.count({ where: { key: effect } })).toBe(1);
    } finally {
      second.child.kill('SIGKILL');
      await exitOf(second.child);
    }
  });
});
