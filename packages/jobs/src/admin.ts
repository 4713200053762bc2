// What an operator needs to see of the queue, and the queue's own housekeeping.
import type { Database } from '@margins/db';

export interface JobStats {
  /** Jobs per task and state. */
  counts: { task: string; state: string; count: number }[];
  /** The oldest due job still waiting: a growing age means workers are not keeping up. */
  oldestDueAt: Date | null;
  /** The latest failures, newest first, with their last error. */
  failed: { id: string; task: string; attempts: number; lastError: string | null; finishedAt: Date | null }[];
}

export async function jobStats(db: Database, now: Date = new Date()): Promise<JobStats> {
  const [groups, oldest, failed] = await Promise.all([
    db.prisma.job.groupBy({
      by: ['task', 'state'],
      _count: { _all: true },
      orderBy: [{ task: 'asc' }, { state: 'asc' }],
    }),
    db.prisma.job.findFirst({
      where: { state: 'queued', runAt: { lte: now } },
      orderBy: { runAt: 'asc' },
      select: { runAt: true },
    }),
    db.prisma.job.findMany({
      where: { state: 'failed' },
      orderBy: { finishedAt: 'desc' },
      take: 20,
      select: { id: true, task: true, attempts: true, lastError: true, finishedAt: true },
    }),
  ]);
  return {
    counts: groups.map((g) => ({ task: g.task, state: g.state, count: g._count._all })),
    oldestDueAt: oldest?.runAt ?? null,
    failed,
  };
}

/** Deletes finished jobs (done or failed) older than the given age; returns how many. */
export async function pruneFinishedJobs(
  db: Database,
  olderThanSeconds: number,
  now: Date = new Date(),
): Promise<number> {
  const { count } = await db.prisma.job.deleteMany({
    where: {
      state: { in: ['done', 'failed'] },
      finishedAt: { lt: new Date(now.getTime() - olderThanSeconds * 1000) },
    },
  });
  return count;
}
