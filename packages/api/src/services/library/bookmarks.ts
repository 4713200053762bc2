// Bookmarks: a reader keeps a story with a note and their own tags, private unless they make it
// public (public bookmarks are what a story's page may list later; nothing lists them yet).
import { newId, type Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { isStoryPublic, requireStoryVisible } from '../access';

export const MAX_NOTE = 2000;
export const MAX_TAGS = 20;
export const MAX_TAG = 60;

export function cleanTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, ' ').trim();
    if (!tag) continue;
    if (tag.length > MAX_TAG)
      throw new ServiceError('invalid', `A tag is at most ${MAX_TAG} characters.`, {
        fieldErrors: { tags: [`At most ${MAX_TAG} characters each.`] },
      });
    if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  if (seen.size > MAX_TAGS)
    throw new ServiceError('invalid', `At most ${MAX_TAGS} tags.`, {
      fieldErrors: { tags: [`At most ${MAX_TAGS} tags.`] },
    });
  return [...seen.values()];
}

export async function saveBookmark(options: {
  db: Database;
  userId: string;
  storyId: string;
  public: boolean;
  note: string;
  tags: string[];
}) {
  const { db, userId } = options;
  const { story } = await requireStoryVisible({ db: db.prisma, storyId: options.storyId, userId });
  const note = options.note.trim();
  if (note.length > MAX_NOTE)
    throw new ServiceError('invalid', `A note is at most ${MAX_NOTE} characters.`, {
      fieldErrors: { note: [`At most ${MAX_NOTE} characters.`] },
    });
  const tags = cleanTags(options.tags);
  // A bookmark of a story only its members can see stays private whatever was asked.
  const data = { public: options.public && isStoryPublic(story), note, tags };
  return db.prisma.bookmark.upsert({
    where: { userId_storyId: { userId, storyId: story.id } },
    create: { id: newId(), userId, storyId: story.id, ...data },
    update: data,
    select: { public: true, note: true, tags: true, updatedAt: true },
  });
}

export async function deleteBookmark(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ deleted: boolean }> {
  const { count } = await options.db.prisma.bookmark.deleteMany({
    where: { userId: options.userId, storyId: options.storyId },
  });
  return { deleted: count > 0 };
}

export async function bookmarkOf(options: { db: Database; userId: string; storyId: string }) {
  const { db, userId, storyId } = options;
  await requireStoryVisible({ db: db.prisma, storyId, userId });
  const [bookmark, history] = await Promise.all([
    db.prisma.bookmark.findUnique({
      where: { userId_storyId: { userId, storyId } },
      select: { public: true, note: true, tags: true },
    }),
    db.prisma.readingHistory.findUnique({
      where: { userId_storyId: { userId, storyId } },
      select: { later: true },
    }),
  ]);
  return { bookmark, later: history?.later ?? false };
}

/** The reader's bookmarks of stories they may still see, newest first. */
export async function myBookmarks(options: { db: Database; userId: string }) {
  const { db, userId } = options;
  const rows = await db.prisma.bookmark.findMany({
    where: { userId },
    orderBy: { updatedAt: 'desc' },
    select: {
      public: true,
      note: true,
      tags: true,
      createdAt: true,
      updatedAt: true,
      story: {
        select: {
          id: true,
          slug: true,
          title: true,
          visibility: true,
          publishedAt: true,
          hiddenAt: true,
          members: { where: { userId }, select: { role: true } },
        },
      },
    },
  });
  return rows
    .filter((r) => r.story.members.length > 0 || isStoryPublic(r.story))
    .map(({ story: { visibility: _v, publishedAt: _p, members: _m, ...story }, ...b }) => ({ ...b, story }));
}
