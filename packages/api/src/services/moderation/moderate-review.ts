import type { Database } from '@margins/db';
import { requireEditor } from '../access';
import { requireReviewVisible } from '../review/reply-to-review';
import { inTransaction } from '../transaction';
import type { ModerationStatus } from './moderate-comment';

/** Hide, unhide or delete a review of a chapter of the story. */
export async function setReviewStatus(options: {
  db: Database;
  userId: string;
  reviewId: string;
  status: ModerationStatus;
  now: Date;
}): Promise<{ id: string; status: ModerationStatus }> {
  const { db, userId, reviewId, status, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    const { review, access } = await requireReviewVisible({ db: prisma, reviewId, userId, now });
    requireEditor(access);
    await prisma.review.update({ where: { id: reviewId }, data: { status } });
    live.chapterEvent({
      kind:
        status === 'visible' ? 'review.visible' : status === 'hidden' ? 'review.hidden' : 'review.deleted',
      chapterId: review.chapterId,
      reviewId,
    });
    return { id: reviewId, status };
  });
}
