import type { Database } from '@margins/db';
import { isChapterLive } from '../access';
import { getStoryBySlug, type StoryDetail } from '../story/get-story';

export interface TocEntry {
  id: string;
  number: number;
  title: string;
  status: 'draft' | 'scheduled' | 'published';
  live: boolean;
  publishedAt: Date | null;
  publishAt: Date | null;
  wordCount: number;
  /** POV characters narrating the chapter, in the story's order. */
  povs: string[];
}

/** The story and the chapters the caller can see: live ones for readers, all for members. */
export async function tableOfContents(options: { db: Database; userId: string | null; slug: string; now: Date }): Promise<{ story: StoryDetail; chapters: TocEntry[] }> {
  const { db, now } = options;
  const story = await getStoryBySlug(options);
  const member = story.myRole !== null;
  const rows = await db.prisma.chapter.findMany({
    where: { storyId: story.id },
    orderBy: { position: 'asc' },
    select: {
      id: true, title: true, status: true, publishAt: true, publishedAt: true, currentRevisionId: true, publishedRevisionId: true,
      currentRevision: { select: { wordCount: true } },
      publishedRevision: { select: { wordCount: true } },
    },
  });
  const chapters = rows
    .map((c) => ({ ...c, live: isChapterLive(c, now) }))
    .filter((c) => member || c.live);
  const revisionOf = (c: (typeof chapters)[number]) => (c.live ? c.publishedRevisionId : c.currentRevisionId);
  const ids = chapters.map(revisionOf).filter((id): id is string => id !== null);
  const narrated = await db.prisma.segment.findMany({
    where: { revisionId: { in: ids }, characterId: { not: null } },
    distinct: ['revisionId', 'characterId'],
    select: { revisionId: true, characterId: true },
  });
  const order = new Map(story.povCharacters.map((c, i) => [c.id, i]));
  const names = new Map(story.povCharacters.map((c) => [c.id, c.name]));
  return {
    story,
    chapters: chapters.map((c, i) => ({
      id: c.id,
      number: i + 1,
      title: c.title,
      status: member ? c.status : 'published',
      live: c.live,
      publishedAt: c.live ? c.publishedAt : null,
      publishAt: member ? c.publishAt : null,
      wordCount: (c.live ? c.publishedRevision?.wordCount : c.currentRevision?.wordCount) ?? 0,
      povs: narrated
        .filter((s) => s.revisionId === revisionOf(c) && s.characterId)
        .sort((a, b) => (order.get(a.characterId ?? '') ?? 0) - (order.get(b.characterId ?? '') ?? 0))
        .map((s) => names.get(s.characterId ?? '') ?? ''),
    })),
  };
}
