import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';
import { recordPublicRevisions } from '../chapter/public-revisions';
import { publishAccessChange, storyChapterIds } from '../live/publish';

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
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const updated = await db.prisma.$transaction(async (tx) => {
    const row = await tx.story.update({
      where: { id: storyId },
      data: { visibility: 'private' },
      select: { id: true, visibility: true, publishedAt: true },
    });
    // A scheduled chapter that has not come due will not be read now.
    await recordPublicRevisions(tx, storyId, now);
    return row;
  });
  // Readers' open live streams end (live-access.ts).
  await publishAccessChange(db, await storyChapterIds(db, storyId));
  return updated;
}
