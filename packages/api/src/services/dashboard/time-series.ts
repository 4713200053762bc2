// Reads, reviews and comments over time, from DailyStat (one row per chapter per UTC day).
// Weeks run Monday to Sunday (ISO) and are sums of their days; buckets without activity are
// present with zeros, so a chart and its table have one row per day or week of the range.
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { requireDashboardChapter, requireDashboardStory } from '../access';

export type Granularity = 'day' | 'week';
export const MAX_RANGE_DAYS = 731;

export interface SeriesPoint {
  /** First day of the bucket, YYYY-MM-DD (UTC). */
  start: string;
  reads: number;
  reviews: number;
  comments: number;
}

export interface TimeSeries {
  granularity: Granularity;
  from: string;
  to: string;
  chapterId: string | null;
  points: SeriesPoint[];
  totals: { reads: number; reviews: number; comments: number };
}

const DAY_MS = 86_400_000;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const parseDay = (s: string) => new Date(`${s}T00:00:00.000Z`);
/** The Monday on or before `d` (UTC). */
const weekStart = (d: Date) => new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);

/** The default range: the 30 days up to and including today. */
export function defaultRange(now: Date): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - 29 * DAY_MS)), to: isoDay(now) };
}

export async function timeSeries(options: {
  db: Database;
  userId: string;
  storyId: string;
  chapterId?: string;
  from: string;
  to: string;
  granularity: Granularity;
}): Promise<TimeSeries> {
  const { db, userId, storyId, chapterId, granularity } = options;
  await requireDashboardStory({ db: db.prisma, storyId, userId });
  if (chapterId) {
    const { chapter } = await requireDashboardChapter({ db: db.prisma, chapterId, userId });
    if (chapter.storyId !== storyId) throw new ServiceError('not_found', 'Chapter not found.');
  }
  const from = parseDay(options.from);
  const to = parseDay(options.to);
  if (to < from)
    throw new ServiceError('invalid', 'The range ends before it starts.', {
      fieldErrors: { to: ['Must be on or after the start.'] },
    });
  if ((to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    throw new ServiceError('invalid', `Choose a range of at most ${MAX_RANGE_DAYS} days.`, {
      fieldErrors: { from: ['Range too long.'] },
    });
  }

  const rows = await db.prisma.dailyStat.groupBy({
    by: ['day'],
    where: { storyId, ...(chapterId ? { chapterId } : {}), day: { gte: from, lte: to } },
    _sum: { reads: true, reviews: true, comments: true },
  });

  const buckets = new Map<string, SeriesPoint>();
  const first = granularity === 'week' ? weekStart(from) : from;
  const step = granularity === 'week' ? 7 * DAY_MS : DAY_MS;
  for (let t = first.getTime(); t <= to.getTime(); t += step) {
    const start = isoDay(new Date(t));
    buckets.set(start, { start, reads: 0, reviews: 0, comments: 0 });
  }
  for (const r of rows) {
    const key = isoDay(granularity === 'week' ? weekStart(r.day) : r.day);
    const b = buckets.get(key);
    if (!b) continue;
    b.reads += r._sum.reads ?? 0;
    b.reviews += r._sum.reviews ?? 0;
    b.comments += r._sum.comments ?? 0;
  }
  const points = [...buckets.values()];
  const totals = points.reduce(
    (t, p) => ({
      reads: t.reads + p.reads,
      reviews: t.reviews + p.reviews,
      comments: t.comments + p.comments,
    }),
    { reads: 0, reviews: 0, comments: 0 },
  );
  return { granularity, from: options.from, to: options.to, chapterId: chapterId ?? null, points, totals };
}
