import type { Database } from '@margins/db';
import { EDITORS, requireChapterRole } from '../access';
import { inTransaction } from '../transaction';

/** Deletes a chapter with its revisions, comments and reviews; later chapters move up. */
export async function deleteChapter(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, chapterId, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    const { chapter } = await requireChapterRole({ db: prisma, chapterId, userId, now, roles: EDITORS });
    await prisma.chapter.delete({ where: { id: chapterId } });
    await prisma.chapter.updateMany({
      where: { storyId: chapter.storyId, position: { gt: chapter.position } },
      data: { position: { decrement: 1 } },
    });
    live.accessChange([chapterId]);
    return { id: chapterId };
  });
}
