import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';
import { recordPublicRevisions } from '../chapter/public-revisions';
import { storyChapterIds } from '../live/publish';
import { inTransaction } from '../transaction';

/** Makes the story public: its live chapters become readable by anyone. Owner only. */
export async function publishStory(options: { db: Database; userId: string; storyId: string; now: Date }) {
  const { db, userId, storyId, now } = options;
  const { story } = await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.story.update({
      where: { id: storyId },
      data: { visibility: 'public', publishedAt: story.publishedAt ?? now },
      select: { id: true, visibility: true, publishedAt: true },
    });
    await recordPublicRevisions(tx, storyId, now);
    return updated;
  });
}

/** Back to private: only members see it again. The first publication date is kept. */
export async function unpublishStory(options: { db: Database; userId: string; storyId: string; now: Date }) {
  const { db, userId, storyId, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    await requireStoryRole({ db: prisma, storyId, userId, roles: OWNER });
    const row = await prisma.story.update({
      where: { id: storyId },
      data: { visibility: 'private' },
      select: { id: true, visibility: true, publishedAt: true },
    });
    // A scheduled chapter that has not come due will not be read now.
    await recordPublicRevisions(prisma, storyId, now);
    // Readers' open live streams end (live-access.ts).
    live.accessChange(await storyChapterIds(prisma, storyId));
    return row;
  });
}
