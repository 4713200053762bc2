// What /metrics reports of the background work every instance shares: the job queue (by task and
// state) and the mail outbox (by state). Counted in the database, so every instance reports the
// same figures, whichever one a scrape reaches.
import type { Database } from '@margins/db';
import { jobStats } from '@margins/jobs';

export interface QueueStats {
  jobs: { task: string; state: string; count: number }[];
  /** Seconds the oldest due, still queued job has waited (0: none waiting). */
  oldestDueSeconds: number;
  mail: { state: string; count: number }[];
}

export async function queueStats(options: { db: Database; now: Date }): Promise<QueueStats> {
  const { db, now } = options;
  const [jobs, mail] = await Promise.all([
    jobStats(db, now),
    db.prisma.mail.groupBy({ by: ['state'], _count: { _all: true }, orderBy: { state: 'asc' } }),
  ]);
  return {
    jobs: jobs.counts,
    oldestDueSeconds: jobs.oldestDueAt ? Math.max(0, (now.getTime() - jobs.oldestDueAt.getTime()) / 1000) : 0,
    mail: mail.map((m) => ({ state: m.state, count: m._count._all })),
  };
}
