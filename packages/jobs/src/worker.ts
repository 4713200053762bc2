// The worker: every app instance runs one. It claims due jobs with FOR UPDATE SKIP LOCKED under
// a lease, runs them, and records the outcome. Why not graphile-worker or pg-boss: both need a
// PostgreSQL server reached through `pg` (their own pools, LISTEN, advisory locks, migrations of
// their own schema), and the embedded default, PGlite, is an in-process engine that `pg` cannot
// reach. One small table polled the same way on both engines keeps one code path (docs/jobs.md).
import { hostname } from 'node:os';
import { newId, type Database } from '@margins/db';
import { enqueue, type JobPayload } from './queue';

export interface JobContext {
  id: string;
  /** 1 on the first run; a job is retried, so handlers are idempotent (at-least-once). */
  attempt: number;
  /** The worker's clock, so handlers and tests agree on time. */
  now: Date;
}

/** A task handler. Throwing schedules a retry with backoff until maxAttempts. */
export type TaskHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** A task enqueued once per period by whichever worker ticks first in that period. */
export interface Schedule {
  task: string;
  everySeconds: number;
  payload?: JobPayload;
}

export interface WorkerOptions {
  tasks: Record<string, TaskHandler>;
  schedules?: Schedule[];
  now?: () => Date;
  /** How often an idle worker looks for due jobs (default 1 s). */
  pollIntervalMs?: number;
  /** How long a claim holds before another worker may take the job over (default 300 s). */
  leaseSeconds?: number;
  /** Jobs claimed and run at once by this worker (default 2). */
  concurrency?: number;
  /** Names the worker in the rows it locks (default host:pid:random). */
  workerId?: string;
  /** Where failures are reported (default console.error). */
  onError?: (message: string, error: unknown) => void;
}

export interface Worker {
  readonly id: string;
  /** One pass: enqueue due schedule slots, then claim and run due jobs until none is left. */
  runDue(): Promise<number>;
  /** Polls in the background until stop(). */
  start(): void;
  /** Stops polling and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

const MAX_ERROR = 2000;

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempt - 1));
}

interface Claimed {
  id: string;
  task: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export function createWorker(db: Database, options: WorkerOptions): Worker {
  const now = options.now ?? (() => new Date());
  const leaseMs = (options.leaseSeconds ?? 300) * 1000;
  const concurrency = options.concurrency ?? 2;
  const pollMs = options.pollIntervalMs ?? 1000;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${newId().slice(0, 6)}`;
  const onError = options.onError ?? ((message, error) => console.error(message, error));
  for (const s of options.schedules ?? []) {
    if (!options.tasks[s.task]) throw new Error(`Schedule names task "${s.task}", which has no handler.`);
    if (!(s.everySeconds >= 1)) throw new Error(`Schedule "${s.task}" needs everySeconds ≥ 1.`);
  }
  const known = Object.keys(options.tasks);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function enqueueSchedules(at: Date) {
    for (const s of options.schedules ?? []) {
      const periodMs = s.everySeconds * 1000;
      const slot = Math.floor(at.getTime() / periodMs);
      // The key names the period, so however many workers tick in it, one row exists.
      await enqueue(db.prisma, s.task, s.payload ?? {}, {
        key: `schedule:${s.task}:${s.everySeconds}:${slot}`,
        runAt: new Date(slot * periodMs),
        maxAttempts: 3,
      });
    }
  }

  /**
   * Claims up to `limit` due jobs in one statement. SKIP LOCKED makes concurrent claimers pass
   * over each other's rows instead of waiting or taking the same job; a running job whose lease
   * ran out (its worker died, e.g. kill -9) is due again. Only tasks this worker knows are
   * claimed, so an older instance during a rolling deploy leaves newer tasks alone.
   */
  async function claim(limit: number, at: Date): Promise<Claimed[]> {
    const iso = at.toISOString();
    const until = new Date(at.getTime() + leaseMs).toISOString();
    return db.prisma.$queryRaw<Claimed[]>`
      UPDATE "Job" SET "state" = 'running', "lockedBy" = ${id},
        "lockedUntil" = ${until}::timestamptz AT TIME ZONE 'UTC', "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE "task" = ANY(${known}::text[]) AND (
          ("state" = 'queued' AND "runAt" <= ${iso}::timestamptz AT TIME ZONE 'UTC')
          OR ("state" = 'running' AND "lockedUntil" < ${iso}::timestamptz AT TIME ZONE 'UTC'))
        ORDER BY "runAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "task", "payload", "attempts", "maxAttempts"`;
  }

  async function runOne(job: Claimed) {
    const handler = options.tasks[job.task];
    const started = now();
    // Only the lease holder may record the outcome: a worker that lost its lease (it stalled past
    // leaseSeconds and another took the job over) must not overwrite the newer run's state.
    const mine = { id: job.id, lockedBy: id, state: 'running' as const };
    try {
      if (!handler) throw new Error(`No handler for task "${job.task}".`);
      await handler(job.payload, { id: job.id, attempt: job.attempts, now: started });
      await db.prisma.job.updateMany({
        where: mine,
        data: { state: 'done', finishedAt: now(), lockedBy: null, lockedUntil: null, lastError: null },
      });
    } catch (error) {
      const message = (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(
        0,
        MAX_ERROR,
      );
      const final = job.attempts >= job.maxAttempts;
      const at = now();
      await db.prisma.job.updateMany({
        where: mine,
        data: final
          ? { state: 'failed', finishedAt: at, lockedBy: null, lockedUntil: null, lastError: message }
          : {
              state: 'queued',
              runAt: new Date(at.getTime() + retryDelaySeconds(job.attempts) * 1000),
              lockedBy: null,
              lockedUntil: null,
              lastError: message,
            },
      });
      onError(
        `Job ${job.task} (${job.id}) failed on attempt ${job.attempts}${final ? ', giving up' : ''}.`,
        error,
      );
    }
  }

  async function runDue(): Promise<number> {
    await enqueueSchedules(now());
    let ran = 0;
    for (;;) {
      const batch = await claim(concurrency, now());
      if (batch.length === 0) return ran;
      await Promise.all(batch.map(runOne));
      ran += batch.length;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runDue()
        .catch((error: unknown) => onError('The job worker could not poll the queue.', error))
        .finally(schedule);
    }, pollMs);
    timer.unref?.();
  }

  return {
    id,
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
