// Pruning that keeps tables from growing without bound: dead sessions, idle rate-limit rows (one
// is left per distinct key, e.g. every client address that ever tried to log in) and finished
// jobs and old mail, and the readers' salts of past days. Run hourly by every instance's worker;
// the schedule's slot key makes it once per hour.
import type { Auth } from '../auth';
import type { Database } from '@margins/db';
import { pruneFinishedJobs, type Schedule, type TaskHandler } from '@margins/jobs';
import { pruneAccountTokens } from '@margins/auth';
import { createRateLimiter } from '../auth';
import { pruneGuestReadMarks } from '../services/guest/guest-read';
import { pruneReaderSalts } from '../services/guest/reader-salt';
import { pruneReadThroughMarks } from '../services/read-through/record';
import { pruneStagedUploads } from '../services/chapter/staged-upload';

export const PRUNE_TASK = 'housekeeping.prune';

/** Longer than the longest rate-limit window (a day), so pruning never forgets a live count. */
export const RATE_LIMIT_ROW_MAX_AGE_SECONDS = 2 * 86_400;
/** Finished jobs stay a week for an operator to look at. */
export const FINISHED_JOB_MAX_AGE_SECONDS = 7 * 86_400;
/** Mail that has left (or was kept, failed) stays 30 days in the outbox, then goes. */
export const MAIL_MAX_AGE_SECONDS = 30 * 86_400;

export function housekeeping(options: { db: Database; auth: Auth; now: () => Date }): {
  tasks: Record<string, TaskHandler>;
  schedules: Schedule[];
} {
  const { db, auth, now } = options;
  const prune: TaskHandler = async () => {
    // Each step is idempotent (a delete of what is already old), so a retried run is harmless.
    await auth.deleteExpiredSessions();
    await createRateLimiter(db, { now }).prune(RATE_LIMIT_ROW_MAX_AGE_SECONDS);
    await pruneFinishedJobs(db, FINISHED_JOB_MAX_AGE_SECONDS, now());
    // Mailed links a day past their expiry (used or not): nothing can follow them any more.
    await pruneAccountTokens(db.prisma, now());
    // Yesterday's salt goes as soon as the day is over: the hashes made with it stop being
    // linkable to an address (services/guest/reader-salt.ts).
    await pruneReaderSalts(db, now());
    await pruneGuestReadMarks(db, now());
    await pruneReadThroughMarks(db, now());
    await pruneStagedUploads(db, now());
    await db.prisma.mail.deleteMany({
      where: {
        state: { not: 'queued' },
        createdAt: { lt: new Date(now().getTime() - MAIL_MAX_AGE_SECONDS * 1000) },
      },
    });
  };
  return { tasks: { [PRUNE_TASK]: prune }, schedules: [{ task: PRUNE_TASK, everySeconds: 3600 }] };
}
