import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { requireChapterVisible } from '../access';
import { requireEditor } from '../comment/comment-access';
import { publishChapterEvent } from '../live/publish';
import { excerpt, mayReadNow, notify } from '../notification/notify';

/** Loads a review the caller may see (deleted ones, and hidden ones for non-editors, do not exist). */
export async function requireReviewVisible(options: {
  db: Database;
  reviewId: string;
  userId: string | null;
  now: Date;
}) {
  const { db, reviewId, userId, now } = options;
  const review = await db.prisma.review.findUnique({
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
  const access = await requireChapterVisible({ db: db.prisma, chapterId: review.chapterId, userId, now });
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
  const { review, access } = await requireReviewVisible({ db, reviewId, userId, now });
  requireEditor(access);
  await db.prisma.$transaction(async (tx) => {
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
  });
  await publishChapterEvent(db, { kind: 'review.updated', chapterId: review.chapterId, reviewId });
  return { id: reviewId, authorReplyAt: now };
}
