import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';
import { storyChapterIds } from '../live/publish';
import { inTransaction } from '../transaction';

/** Deletes the story and everything in it (chapters, revisions, comments cascade); owner only. */
export async function deleteStory(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ id: string }> {
  const { db, userId, storyId } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    await requireStoryRole({ db: prisma, storyId, userId, roles: OWNER });
    // Readers' open live streams end once the deletion has committed (live-access.ts).
    live.accessChange(await storyChapterIds(prisma, storyId));
    await prisma.story.delete({ where: { id: storyId } });
    return { id: storyId };
  });
}
