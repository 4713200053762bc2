import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { EDITORS, requireStoryRole } from '../access';
import { assertPermutation } from '../story/pov-characters';

/** `chapterIds` lists every chapter of the story once, in the new order; positions become 1…n. */
export async function reorderChapters(options: {
  db: Database;
  userId: string;
  storyId: string;
  chapterIds: string[];
}): Promise<{ id: string; position: number }[]> {
  const { db, userId, storyId, chapterIds } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.chapter.findMany({ where: { storyId }, select: { id: true } });
    assertPermutation(
      existing.map((c) => c.id),
      chapterIds,
      'chapterIds',
    );
    for (const [index, id] of chapterIds.entries())
      await tx.chapter.update({ where: { id }, data: { position: index + 1 } });
    return chapterIds.map((id, index) => ({ id, position: index + 1 }));
  });
}

/**
 * Moves one chapter a place up (-1) or down (+1), swapping it with its neighbour; the order is
 * read and written in one transaction, so two authors moving chapters at once cannot interleave.
 * At either edge nothing moves (`position` is null).
 */
export async function moveChapter(options: {
  db: Database;
  userId: string;
  storyId: string;
  chapterId: string;
  direction: -1 | 1;
}): Promise<{ position: number | null }> {
  const { db, userId, storyId, chapterId, direction } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  return db.prisma.$transaction(async (tx) => {
    const ids = (
      await tx.chapter.findMany({ where: { storyId }, orderBy: { position: 'asc' }, select: { id: true } })
    ).map((c) => c.id);
    const from = ids.indexOf(chapterId);
    if (from < 0) throw notFound('Chapter');
    const to = from + direction;
    if (to < 0 || to >= ids.length) return { position: null };
    [ids[from], ids[to]] = [ids[to] as string, ids[from] as string];
    for (const [index, id] of ids.entries())
      await tx.chapter.update({ where: { id }, data: { position: index + 1 } });
    return { position: to + 1 };
  });
}
