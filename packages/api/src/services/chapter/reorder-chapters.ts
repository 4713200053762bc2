import type { Database } from '@margins/db';
import { EDITORS, requireStoryRole } from '../access';
import { assertPermutation } from '../story/pov-characters';

/** `chapterIds` lists every chapter of the story once, in the new order; positions become 1…n. */
export async function reorderChapters(options: { db: Database; userId: string; storyId: string; chapterIds: string[] }): Promise<{ id: string; position: number }[]> {
  const { db, userId, storyId, chapterIds } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.chapter.findMany({ where: { storyId }, select: { id: true } });
    assertPermutation(existing.map((c) => c.id), chapterIds, 'chapterIds');
    for (const [index, id] of chapterIds.entries()) await tx.chapter.update({ where: { id }, data: { position: index + 1 } });
    return chapterIds.map((id, index) => ({ id, position: index + 1 }));
  });
}
