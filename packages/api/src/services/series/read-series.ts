// The reader's side of a series: its page (/series/<id>) and the "Part 2 of …" line with the
// previous and next work on a story. Only parts the caller may read are listed, and the part
// numbers count only those: a private or unpublished story leaks neither through a gap in the
// numbering nor through "of 3".
import type { Database } from '@margins/db';
import { requireStoryVisible } from '../access';
import { storySummarySelect, toStorySummary } from '../story/story-summary';
import { readableStoryWhere, requireSeriesVisible } from '../access';

export async function getSeries(options: {
  db: Database;
  userId: string | null;
  seriesId: string;
  now: Date;
}) {
  const { db, userId, seriesId, now } = options;
  const tx = db.prisma;
  const series = await requireSeriesVisible(tx, seriesId, userId);
  const parts = await tx.seriesPart.findMany({
    where: { seriesId, story: readableStoryWhere(userId) },
    orderBy: { position: 'asc' },
    select: { story: { select: storySummarySelect } },
  });
  const stories = parts.map((p) => toStorySummary(p.story, now));
  const subscribed =
    userId && userId !== series.ownerId
      ? (await tx.subscription.count({ where: { userId, seriesId, endedAt: null } })) > 0
      : null;
  return {
    id: series.id,
    title: series.title,
    summary: series.summary,
    createdAt: series.createdAt,
    updatedAt: series.updatedAt,
    author: series.owner,
    mine: series.ownerId === userId,
    parts: stories.map((story, i) => ({ part: i + 1, story })),
    wordCount: stories.reduce((sum, s) => sum + s.wordCount, 0),
    /** null for the series' own author and for anonymous readers (no button). */
    subscribed,
  };
}

export interface SeriesLink {
  slug: string;
  title: string;
}

export interface StorySeriesPlace {
  seriesId: string;
  title: string;
  part: number;
  total: number;
  previous: SeriesLink | null;
  next: SeriesLink | null;
}

/** Every series the story is a part of, as the caller sees it: "Part 2 of 3", previous and next work. */
export async function seriesOfStory(options: {
  db: Database;
  userId: string | null;
  storyId?: string;
  slug?: string;
}): Promise<StorySeriesPlace[]> {
  const { db, userId } = options;
  const { story } = await requireStoryVisible({
    db: db.prisma,
    storyId: options.storyId,
    slug: options.slug,
    userId,
  });
  const rows = await db.prisma.seriesPart.findMany({
    where: { storyId: story.id },
    orderBy: { series: { createdAt: 'asc' } },
    select: {
      series: {
        select: {
          id: true,
          title: true,
          parts: {
            where: { story: readableStoryWhere(userId) },
            orderBy: { position: 'asc' },
            select: { story: { select: { id: true, slug: true, title: true } } },
          },
        },
      },
    },
  });
  return rows.map(({ series }) => {
    const list = series.parts.map((p) => p.story);
    const i = list.findIndex((s) => s.id === story.id);
    const link = (s: (typeof list)[number] | undefined) => (s ? { slug: s.slug, title: s.title } : null);
    return {
      seriesId: series.id,
      title: series.title,
      part: i + 1,
      total: list.length,
      previous: link(list[i - 1]),
      next: link(list[i + 1]),
    };
  });
}
