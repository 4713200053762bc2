// A reader's own shelf: reading history (where they stopped, chapter and passage), "mark for
// later", and bookmarks. One ReadingHistory row per reader and story, written when they open a
// chapter and when the page reports the passage they had reached (a small beacon, apps/web
// HistoryBeacon.svelte). Lists show only stories the reader may still see.
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { isChapterLive, isStoryPublic, mayReadChapter, requireStoryVisible, type Db } from '../access';

const PASSAGE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

async function readableChapter(db: Db, userId: string, chapterId: string, now: Date) {
  const chapter = await db.chapter.findUnique({
    where: { id: chapterId },
    select: {
      id: true,
      storyId: true,
      status: true,
      publishAt: true,
      publishedRevisionId: true,
      story: {
        select: {
          visibility: true,
          publishedAt: true,
          hiddenAt: true,
          members: { where: { userId }, select: { role: true } },
        },
      },
    },
  });
  if (!chapter || !mayReadChapter(chapter.story.members[0]?.role ?? null, chapter.story, chapter, now))
    throw notFound('Chapter');
  return chapter;
}

/**
 * The reader opened a chapter, or reached `passageKey` in it. Opening another chapter forgets the
 * old passage; a passage report for the chapter already recorded keeps the chapter.
 */
export async function recordVisit(options: {
  db: Database;
  userId: string;
  chapterId: string;
  passageKey?: string;
  now: Date;
}): Promise<void> {
  const { db, userId, chapterId, now } = options;
  const passageKey = options.passageKey && PASSAGE_KEY.test(options.passageKey) ? options.passageKey : null;
  const chapter = await readableChapter(db.prisma, userId, chapterId, now);
  const key = { userId_storyId: { userId, storyId: chapter.storyId } };
  const row = await db.prisma.readingHistory.findUnique({
    where: key,
    select: { chapterId: true, passageKey: true },
  });
  const keep = row?.chapterId === chapterId && !passageKey ? row.passageKey : passageKey;
  await db.prisma.readingHistory.upsert({
    where: key,
    create: { userId, storyId: chapter.storyId, chapterId, passageKey, visitedAt: now },
    update: { chapterId, passageKey: keep, visitedAt: now },
  });
}

export async function markForLater(options: {
  db: Database;
  userId: string;
  storyId: string;
  later: boolean;
}): Promise<{ later: boolean }> {
  const { db, userId, later } = options;
  const { story } = await requireStoryVisible({ db: db.prisma, storyId: options.storyId, userId });
  await db.prisma.readingHistory.upsert({
    where: { userId_storyId: { userId, storyId: story.id } },
    create: { userId, storyId: story.id, later },
    update: { later },
  });
  return { later };
}

export interface HistoryEntry {
  story: { id: string; slug: string; title: string };
  /** Where the reader stopped: the chapter's number as readers see it and the passage, if known. */
  stoppedAt: { number: number; title: string; passageKey: string | null; href: string } | null;
  visitedAt: Date | null;
  later: boolean;
  /** A chapter came out after the reader's last visit (Archive of Our Own's "Update available"). */
  newChapterSince: boolean;
  liveChapters: number;
}

/** Newest visit first; `later` only: the "marked for later" list. */
export async function readingHistory(options: {
  db: Database;
  userId: string;
  now: Date;
  later?: boolean;
  limit?: number;
}): Promise<HistoryEntry[]> {
  const { db, userId, now } = options;
  const rows = await db.prisma.readingHistory.findMany({
    where: { userId, ...(options.later ? { later: true } : { visitedAt: { not: null } }) },
    orderBy: [{ visitedAt: { sort: 'desc', nulls: 'last' } }],
    take: Math.min(options.limit ?? 100, 500),
    select: {
      chapterId: true,
      passageKey: true,
      visitedAt: true,
      later: true,
      story: {
        select: {
          id: true,
          slug: true,
          title: true,
          visibility: true,
          publishedAt: true,
          hiddenAt: true,
          members: { where: { userId }, select: { role: true } },
          chapters: {
            orderBy: { position: 'asc' },
            select: {
              id: true,
              title: true,
              status: true,
              publishAt: true,
              publishedAt: true,
              publishedRevisionId: true,
            },
          },
        },
      },
    },
  });
  const out: HistoryEntry[] = [];
  for (const r of rows) {
    const s = r.story;
    const member = s.members.length > 0;
    if (!member && !isStoryPublic(s)) continue;
    const live = s.chapters.filter((c) => isChapterLive(c, now));
    const visible = member ? s.chapters : live;
    const index = visible.findIndex((c) => c.id === r.chapterId);
    const at = index >= 0 ? visible[index]! : null;
    // When a live chapter came out: publishAt for one that came due on its schedule.
    const outAt = (c: (typeof live)[number]) => (c.status === 'scheduled' ? c.publishAt : c.publishedAt);
    out.push({
      story: { id: s.id, slug: s.slug, title: s.title },
      stoppedAt: at
        ? {
            number: index + 1,
            title: at.title,
            passageKey: r.passageKey,
            href: `/s/${s.slug}/${index + 1}${r.passageKey ? `#p-${r.passageKey}` : ''}`,
          }
        : null,
      visitedAt: r.visitedAt,
      later: r.later,
      newChapterSince:
        r.visitedAt !== null && live.some((c) => (outAt(c)?.getTime() ?? 0) > r.visitedAt!.getTime()),
      liveChapters: live.length,
    });
  }
  return out;
}
