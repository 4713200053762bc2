import type { Database, Prisma } from '@margins/db';
import { notFound } from '../../errors';
import { isChapterLive, requireStoryVisible } from '../access';
import { getStoryBySlug, getStoryForMember, type StoryDetail } from '../story/get-story';

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
  return contentsOf(options.db, await getStoryBySlug(options), options.now);
}

/** The same by the story's id, for its members (every chapter, drafts too): the authoring pages. */
export async function storyContentsForMember(options: { db: Database; userId: string; storyId: string; now: Date }): Promise<{ story: StoryDetail; chapters: TocEntry[] }> {
  return contentsOf(options.db, await getStoryForMember(options), options.now);
}

/**
 * The id of chapter `number` as the caller numbers it (the table of contents: readers count live
 * chapters only, members every chapter): one row read, not the whole table of contents.
 */
export async function chapterIdAt(options: { db: Database; userId: string | null; slug: string; number: number; now: Date }): Promise<{ chapterId: string }> {
  const { db, userId, slug, number, now } = options;
  const { story, role } = await requireStoryVisible({ db: db.prisma, slug, userId });
  // isChapterLive, as a filter: published, or scheduled with its time come, with a published text.
  const live: Prisma.ChapterWhereInput = {
    publishedRevisionId: { not: null },
    OR: [{ status: 'published' }, { status: 'scheduled', publishAt: { lte: now } }],
  };
  const row = await db.prisma.chapter.findFirst({
    where: { storyId: story.id, ...(role === null ? live : {}) },
    orderBy: { position: 'asc' },
    skip: number - 1,
    select: { id: true },
  });
  if (!row) throw notFound('Chapter');
  return { chapterId: row.id };
}

async function contentsOf(db: Database, story: StoryDetail, now: Date): Promise<{ story: StoryDetail; chapters: TocEntry[] }> {
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
