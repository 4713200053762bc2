// Enqueueing: a row in "Job", written with whatever client the caller holds. Called with a
// transaction client, the job exists exactly when the caller's writes commit (a transactional
// outbox): no mail for a comment that rolled back, no lost mail for one that committed.
import { newId, type Prisma } from '@margins/db';

export type JobClient = Prisma.TransactionClient;

/** A JSON value a task receives back as it was given. */
export type JobPayload = Prisma.InputJsonValue;

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /**
   * Idempotency key: a second enqueue with the same key is ignored while the first row exists,
   * whatever its state. Periodic slots and "one mail per event" use it.
   */
  key?: string;
  /** Attempts before the job is marked failed (default 10). */
  maxAttempts?: number;
}

export interface Enqueued {
  id: string;
  /** False when a job with the same key already existed (nothing was written). */
  created: boolean;
}

export const MAX_TASK_NAME = 100;
export const MAX_KEY = 200;

export async function enqueue(
  client: JobClient,
  task: string,
  payload: JobPayload = {},
  options: EnqueueOptions = {},
): Promise<Enqueued> {
  if (!task || task.length > MAX_TASK_NAME)
    throw new RangeError(`A task name is 1–${MAX_TASK_NAME} characters.`);
  if (options.key !== undefined && (!options.key || options.key.length > MAX_KEY))
    throw new RangeError(`A job key is 1–${MAX_KEY} characters.`);
  const maxAttempts = options.maxAttempts ?? 10;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError('maxAttempts is a whole number ≥ 1.');
  const id = newId();
  const data = {
    id,
    task,
    payload,
    key: options.key,
    maxAttempts,
    ...(options.runAt ? { runAt: options.runAt } : {}),
  };
  if (options.key === undefined) {
    await client.job.create({ data, select: { id: true } });
    return { id, created: true };
  }
  // ON CONFLICT DO NOTHING (createMany's skipDuplicates): two instances enqueuing the same slot at
  // the same moment leave one row and no error, without aborting a surrounding transaction.
  const { count } = await client.job.createMany({ data: [data], skipDuplicates: true });
  if (count === 1) return { id, created: true };
  const existing = await client.job.findUnique({ where: { key: options.key }, select: { id: true } });
  return { id: existing?.id ?? id, created: false };
}
