import type { Database } from '@margins/db';
import { EDITORS, requireChapterRole } from '../access';
import { publishAccessChange } from '../live/publish';

/** Deletes a chapter with its revisions, comments and reviews; later chapters move up. */
export async function deleteChapter(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, chapterId, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  await db.prisma.$transaction(async (tx) => {
    await tx.chapter.delete({ where: { id: chapterId } });
    await tx.chapter.updateMany({
      where: { storyId: chapter.storyId, position: { gt: chapter.position } },
      data: { position: { decrement: 1 } },
    });
  });
  await publishAccessChange(db, [chapterId]);
  return { id: chapterId };
}
