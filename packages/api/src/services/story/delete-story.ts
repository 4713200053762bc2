import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';
import { publishAccessChange, storyChapterIds } from '../live/publish';

/** Deletes the story and everything in it (chapters, revisions, comments cascade); owner only. */
export async function deleteStory(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ id: string }> {
  const { db, userId, storyId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const chapterIds = await storyChapterIds(db, storyId);
  await db.prisma.story.delete({ where: { id: storyId } });
  await publishAccessChange(db, chapterIds);
  return { id: storyId };
}
