// The dashboard's front page: the stories the caller edits, each with its key figures.
import type { Database } from '@margins/db';
import { countUnread } from './feedback-inbox';
import { SUMMED_STAT_FIELDS, emptyStat, selectStats, toFigures, type Figures, type StatRow } from './figures';

export interface DashboardStorySummary {
  id: string;
  slug: string;
  title: string;
  role: 'owner' | 'coauthor';
  published: boolean;
  chapters: number;
  figures: Figures;
  /** Capped at UNREAD_CAP + 1 (see feedback-inbox.ts). */
  unread: number;
}

export async function listDashboardStories(options: {
  db: Database;
  userId: string;
}): Promise<DashboardStorySummary[]> {
  const { db, userId } = options;
  const memberships = await db.prisma.storyMember.findMany({
    where: { userId, role: { in: ['owner', 'coauthor'] } },
    orderBy: { story: { updatedAt: 'desc' } },
    select: {
      role: true,
      story: {
        select: {
          id: true,
          slug: true,
          title: true,
          publishedAt: true,
          visibility: true,
          stat: { select: { readers: true } },
          _count: { select: { chapters: true } },
        },
      },
    },
  });
  const ids = memberships.map((m) => m.story.id);
  if (ids.length === 0) return [];
  const [sums, ...unread] = await Promise.all([
    db.prisma.chapterStat.groupBy({
      by: ['storyId'],
      where: { storyId: { in: ids } },
      _sum: selectStats(SUMMED_STAT_FIELDS),
    }),
    ...ids.map((storyId) => countUnread(db, userId, { storyId })),
  ]);
  const byStory = new Map(sums.map((s) => [s.storyId, s._sum]));
  return memberships.map(({ role, story }) => {
    const sum = byStory.get(story.id);
    const row: StatRow = {
      ...emptyStat(),
      ...Object.fromEntries(Object.entries(sum ?? {}).map(([k, v]) => [k, v ?? 0])),
      readers: story.stat?.readers ?? 0,
    };
    return {
      id: story.id,
      slug: story.slug,
      title: story.title,
      role: role as 'owner' | 'coauthor',
      published: story.visibility === 'public' && story.publishedAt !== null,
      chapters: story._count.chapters,
      figures: toFigures(row),
      unread: unread[ids.indexOf(story.id)] ?? 0,
    };
  });
}
