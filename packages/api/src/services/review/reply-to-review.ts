import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { requireChapterVisible, requireEditor, type Db } from '../access';
import { excerpt, mayReadNow, notify } from '../notification/notify';
import { inTransaction } from '../transaction';

/** Loads a review the caller may see (deleted ones, and hidden ones for non-editors, do not exist). */
export async function requireReviewVisible(options: {
  db: Db;
  reviewId: string;
  userId: string | null;
  now: Date;
}) {
  const { db, reviewId, userId, now } = options;
  const review = await db.review.findUnique({
    where: { id: reviewId },
    select: {
      id: true,
      chapterId: true,
      authorId: true,
      status: true,
      authorReply: true,
      author: { select: { suspendedAt: true } },
    },
  });
  if (!review) throw notFound('Review');
  const access = await requireChapterVisible({ db, chapterId: review.chapterId, userId, now });
  const editor = access.role === 'owner' || access.role === 'coauthor';
  const mine = userId !== null && review.authorId === userId;
  if (review.status === 'deleted' || (review.status !== 'visible' && !editor && !mine))
    throw notFound('Review');
  // A suspended account's review exists for nobody else until it is restored (docs/admin.md).
  if (review.author.suspendedAt && !mine) throw notFound('Review');
  return { review, access };
}

/** The story's owner or a co-author answers a review publicly; answering again edits the answer. */
export async function replyToReview(options: {
  db: Database;
  userId: string;
  reviewId: string;
  body: string;
  now: Date;
}): Promise<{ id: string; authorReplyAt: Date }> {
  const { db, userId, reviewId, body, now } = options;
  return inTransaction(db, async ({ prisma: tx, live }) => {
    const { review, access } = await requireReviewVisible({ db: tx, reviewId, userId, now });
    requireEditor(access);
    await tx.review.update({ where: { id: reviewId }, data: { authorReply: body, authorReplyAt: now } });
    if (review.authorReply === null) {
      const actor = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
      await notify(tx, {
        at: now,
        recipients: await mayReadNow(tx, access, [review.authorId]),
        actorId: userId,
        kind: 'reply',
        storyId: access.story.id,
        chapterId: review.chapterId,
        targetId: reviewId,
        summary: `${actor.username} replied to your review of “${access.chapter.title}”: ${excerpt(body)}`,
      });
    }
    live.chapterEvent({ kind: 'review.updated', chapterId: review.chapterId, reviewId });
    return { id: reviewId, authorReplyAt: now };
  });
}
