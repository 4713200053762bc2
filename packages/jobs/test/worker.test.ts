import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@margins/db';
import { openPrivateTestDatabase, testDatabaseUrl, uniqueSuffix } from '@margins/db/test';
import {
  createWorker,
  enqueue,
  jobStats,
  pruneFinishedJobs,
  retryDelaySeconds,
  type TaskHandler,
} from '../src/index';

let db: Database;
beforeAll(async () => {
  // Its own database: pruning and claiming act on every row, so no other test file may share them.
  db = await openPrivateTestDatabase();
});
afterAll(async () => {
  await db.close();
});

function clock(start = new Date('2031-05-01T10:00:00.000Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (s: number) => (t += s * 1000) };
}

/** Task names unique to one test, so parallel test files on a shared PostgreSQL never claim each other's jobs. */
const taskName = (what: string) => `${what}-${uniqueSuffix()}`;

const quiet = () => {};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('job queue', () => {
  it('runs an enqueued job once and marks it done', async () => {
    const c = clock();
    const task = taskName('once');
    const seen: unknown[] = [];
    const worker = createWorker(db, {
      tasks: { [task]: async (p) => void seen.push(p) },
      now: c.now,
      onError: quiet,
    });
    const { id } = await enqueue(db.prisma, task, { n: 1 });
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    const row = await db.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: 'done', attempts: 1, lockedBy: null, lastError: null });
  });

  it('a job enqueued in a transaction that rolls back never exists (outbox)', async () => {
    const task = taskName('rollback');
    const ran: number[] = [];
    const worker = createWorker(db, { tasks: { [task]: async () => void ran.push(1) }, onError: quiet });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueue(tx, task);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await db.prisma.job.count({ where: { task } })).toBe(0);
    await worker.runDue();
    expect(ran).toEqual([]);
  });

  it('waits for runAt', async () => {
    const c = clock();
    const task = taskName('later');
    const ran: number[] = [];
    const worker = createWorker(db, {
      tasks: { [task]: async () => void ran.push(1) },
      now: c.now,
      onError: quiet,
    });
    await enqueue(db.prisma, task, {}, { runAt: new Date(c.now().getTime() + 60_000) });
    expect(await worker.runDue()).toBe(0);
    c.advance(61);
    expect(await worker.runDue()).toBe(1);
    expect(ran).toEqual([1]);
  });

  it('retries a failing job with growing delays, then gives up and keeps the error', async () => {
    const c = clock();
    const task = taskName('flaky');
    let calls = 0;
    const errors: string[] = [];
    const worker = createWorker(db, {
      tasks: {
        [task]: async () => {
          calls += 1;
          throw new Error(`boom ${calls}`);
        },
      },
      now: c.now,
      onError: (m) => errors.push(m),
    });
    const { id } = await enqueue(db.prisma, task, {}, { maxAttempts: 3 });
    expect(await worker.runDue()).toBe(1);
    let row = await db.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row.state).toBe('queued');
    expect(row.lastError).toContain('boom 1');
    expect(row.runAt.getTime() - c.now().getTime()).toBe(retryDelaySeconds(1) * 1000);
    // Not due yet: nothing runs until the backoff has passed.
    expect(await worker.runDue()).toBe(0);
    c.advance(retryDelaySeconds(1));
    expect(await worker.runDue()).toBe(1);
    row = await db.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row.runAt.getTime() - c.now().getTime()).toBe(retryDelaySeconds(2) * 1000);
    expect(retryDelaySeconds(2)).toBeGreaterThan(retryDelaySeconds(1));
    c.advance(retryDelaySeconds(2));
    expect(await worker.runDue()).toBe(1);
    row = await db.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row.lastError).toContain('boom 3');
    c.advance(3600);
    expect(await worker.runDue()).toBe(0);
    expect(calls).toBe(3);
    expect(errors.at(-1)).toContain('giving up');
    const stats = await jobStats(db, c.now());
    expect(stats.counts).toContainEqual({ task, state: 'failed', count: 1 });
    expect(stats.failed.map((f) => f.id)).toContain(id);
  });

  it('ignores a second enqueue with the same key', async () => {
    const task = taskName('keyed');
    const key = `k-${uniqueSuffix()}`;
    const first = await enqueue(db.prisma, task, { a: 1 }, { key });
    const second = await enqueue(db.prisma, task, { a: 2 }, { key });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(await db.prisma.job.count({ where: { task } })).toBe(1);
  });

  it('two workers never run one job twice', async () => {
    // On PostgreSQL the second worker has its own connections, as a second app instance would.
    const other = testDatabaseUrl() ? await openDatabase({ kind: 'postgres', url: testDatabaseUrl()! }) : db;
    try {
      const task = taskName('race');
      const runs = new Map<number, number>();
      const handler: TaskHandler = async (p) => {
        const n = (p as { n: number }).n;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      };
      for (let n = 0; n < 40; n++) await enqueue(db.prisma, task, { n });
      const a = createWorker(db, { tasks: { [task]: handler }, concurrency: 3, onError: quiet });
      const b = createWorker(other, { tasks: { [task]: handler }, concurrency: 3, onError: quiet });
      const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
      expect(ranA + ranB).toBe(40);
      expect(runs.size).toBe(40);
      expect([...runs.values()].every((v) => v === 1)).toBe(true);
      expect(await db.prisma.job.count({ where: { task, state: 'done' } })).toBe(40);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('takes over a job whose worker died (lease expired), never one whose lease holds', async () => {
    const c = clock();
    const task = taskName('orphan');
    const ran: string[] = [];
    const worker = createWorker(db, {
      tasks: { [task]: async (_p, ctx) => void ran.push(`${ctx.id}:${ctx.attempt}`) },
      now: c.now,
      leaseSeconds: 60,
      onError: quiet,
    });
    const dead = await enqueue(db.prisma, task);
    const alive = await enqueue(db.prisma, task);
    // What a kill -9 leaves behind: claimed rows that nobody will finish.
    const claimedAt = c.now();
    await db.prisma.job.update({
      where: { id: dead.id },
      data: {
        state: 'running',
        lockedBy: 'killed',
        attempts: 1,
        lockedUntil: new Date(claimedAt.getTime() - 1000),
      },
    });
    await db.prisma.job.update({
      where: { id: alive.id },
      data: {
        state: 'running',
        lockedBy: 'busy',
        attempts: 1,
        lockedUntil: new Date(claimedAt.getTime() + 30_000),
      },
    });
    expect(await worker.runDue()).toBe(1);
    expect(ran).toEqual([`${dead.id}:2`]);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: alive.id } })).toMatchObject({
      state: 'running',
      lockedBy: 'busy',
    });
  });

  it('a worker that lost its lease cannot overwrite the newer run', async () => {
    const c = clock();
    const task = taskName('stale');
    const gates = [deferred(), deferred()];
    let calls = 0;
    const handler: TaskHandler = async () => {
      const mine = calls++;
      await gates[mine]!.promise;
      if (mine === 0) throw new Error('late failure from the stale worker');
    };
    const stale = createWorker(db, {
      tasks: { [task]: handler },
      now: c.now,
      leaseSeconds: 10,
      onError: quiet,
    });
    const fresh = createWorker(db, {
      tasks: { [task]: handler },
      now: c.now,
      leaseSeconds: 10,
      onError: quiet,
    });
    const { id } = await enqueue(db.prisma, task);
    const first = stale.runDue();
    await expect.poll(() => calls).toBe(1);
    c.advance(11);
    const second = fresh.runDue();
    await expect.poll(() => calls).toBe(2);
    // The stale worker finishes (with an error) while the new holder is still at work.
    gates[0]!.resolve();
    await first;
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'running',
      lockedBy: fresh.id,
      attempts: 2,
      lastError: null,
    });
    gates[1]!.resolve();
    expect(await second).toBe(1);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'done',
      attempts: 2,
      lastError: null,
    });
  });

  it('enqueues a schedule once per period, however many workers tick', async () => {
    const c = clock(new Date('2031-05-01T10:00:30.000Z'));
    const task = taskName('hourly');
    const runs: string[] = [];
    const tasks = {
      [task]: async (_p: unknown, ctx: { now: Date }) => void runs.push(ctx.now.toISOString()),
    };
    const schedules = [{ task, everySeconds: 3600 }];
    const a = createWorker(db, { tasks, schedules, now: c.now, onError: quiet });
    const b = createWorker(db, { tasks, schedules, now: c.now, onError: quiet });
    await Promise.all([a.runDue(), b.runDue()]);
    await a.runDue();
    c.advance(1800);
    await b.runDue();
    expect(runs).toHaveLength(1);
    c.advance(1800);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toHaveLength(2);
    expect(await db.prisma.job.count({ where: { task } })).toBe(2);
  });

  it('start() polls in the background until stop()', async () => {
    const task = taskName('poll');
    const ran: number[] = [];
    const worker = createWorker(db, {
      tasks: { [task]: async () => void ran.push(1) },
      pollIntervalMs: 20,
      onError: quiet,
    });
    worker.start();
    await enqueue(db.prisma, task);
    await expect.poll(() => ran.length, { timeout: 10_000 }).toBe(1);
    await worker.stop();
    await enqueue(db.prisma, task);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toHaveLength(1);
  });

  it('prunes finished jobs older than the given age, never queued ones', async () => {
    const c = clock();
    const task = taskName('prune');
    const worker = createWorker(db, { tasks: { [task]: async () => {} }, now: c.now, onError: quiet });
    await enqueue(db.prisma, task);
    await worker.runDue();
    const waiting = await enqueue(
      db.prisma,
      task,
      {},
      { runAt: new Date(c.now().getTime() + 10 * 86_400_000) },
    );
    c.advance(8 * 86_400);
    expect(await pruneFinishedJobs(db, 7 * 86_400, c.now())).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.job.findMany({ where: { task }, select: { id: true } })).toEqual([
      { id: waiting.id },
    ]);
  });
});
