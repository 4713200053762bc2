// The story's editors (owner, co-authors) moderate inline comments on it.
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { requireCommentVisible, requireEditor } from '../access';
import { liveThreadChange } from '../comment/live-change';
import { excerpt, forgetCommentNotifications, mayReadNow, notify } from '../notification/notify';
import { inTransaction } from '../transaction';

export type ModerationStatus = 'visible' | 'hidden' | 'deleted';

/** Hide, unhide or delete any comment on the story (pending ones go through approve/reject). */
export async function setCommentStatus(options: {
  db: Database;
  userId: string;
  commentId: string;
  status: ModerationStatus;
  now: Date;
}): Promise<{ id: string; status: ModerationStatus }> {
  const { db, userId, commentId, status, now } = options;
  return inTransaction(db, async ({ prisma: tx, live }) => {
    const { comment, access } = await requireCommentVisible({ db: tx, commentId, userId, now });
    requireEditor(access);
    if (comment.status === 'pending')
      throw new ServiceError('conflict', 'This comment awaits approval: approve or reject it.');
    await tx.inlineComment.update({ where: { id: commentId }, data: { status } });
    if (status !== 'visible') await forgetCommentNotifications(tx, commentId);
    const threadId = comment.parentId ?? comment.id;
    live.chapterEvent(
      {
        kind:
          status === 'visible'
            ? 'comment.visible'
            : status === 'hidden'
              ? 'comment.hidden'
              : 'comment.deleted',
        chapterId: comment.chapterId,
        commentId,
        threadId,
      },
      comment.visibility === 'public'
        ? (db) =>
            liveThreadChange(db, {
              chapterId: comment.chapterId,
              threadId,
              publishedRevisionId: access.chapter.publishedRevisionId,
            })
        : undefined,
    );
    return { id: commentId, status };
  });
}

/** Freezing a thread (its root) stops replies; existing ones stay. */
export async function freezeThread(options: {
  db: Database;
  userId: string;
  commentId: string;
  frozen: boolean;
  now: Date;
}): Promise<{ id: string; frozen: boolean }> {
  const { db, userId, commentId, frozen, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    const { comment, access } = await requireCommentVisible({ db: prisma, commentId, userId, now });
    requireEditor(access);
    const rootId = comment.parentId ?? comment.id;
    await prisma.inlineComment.update({ where: { id: rootId }, data: { frozen } });
    live.chapterEvent({
      kind: frozen ? 'comment.frozen' : 'comment.unfrozen',
      chapterId: comment.chapterId,
      commentId: rootId,
      threadId: rootId,
    });
    return { id: rootId, frozen };
  });
}

/** Approving makes the comment (and so the commenter) trusted: later comments skip the queue. */
export async function reviewPendingComment(options: {
  db: Database;
  userId: string;
  commentId: string;
  approve: boolean;
  now: Date;
}): Promise<{ id: string; status: 'visible' | 'deleted' }> {
  const { db, userId, commentId, approve, now } = options;
  return inTransaction(db, async ({ prisma: tx, live }) => {
    const { comment, access } = await requireCommentVisible({ db: tx, commentId, userId, now });
    requireEditor(access);
    if (comment.status !== 'pending')
      throw new ServiceError('conflict', 'This comment is not awaiting approval.');
    const status = approve ? 'visible' : 'deleted';
    await tx.inlineComment.update({ where: { id: commentId }, data: { status } });
    if (!approve) await forgetCommentNotifications(tx, commentId);
    if (approve && comment.parentId) {
      // Reply notifications were held back while the reply was pending.
      const root = await tx.inlineComment.findUniqueOrThrow({
        where: { id: comment.parentId },
        select: { authorId: true },
      });
      const actor = await tx.user.findUniqueOrThrow({
        where: { id: comment.authorId },
        select: { username: true },
      });
      await notify(tx, {
        at: now,
        recipients: await mayReadNow(tx, access, [root.authorId]),
        actorId: comment.authorId,
        kind: 'reply',
        storyId: access.story.id,
        chapterId: comment.chapterId,
        targetId: commentId,
        summary: `${actor.username} replied on “${access.chapter.title}”: ${excerpt(comment.body)}`,
      });
    }
    const threadId = comment.parentId ?? comment.id;
    live.chapterEvent(
      {
        kind: approve ? 'comment.visible' : 'comment.deleted',
        chapterId: comment.chapterId,
        commentId,
        threadId,
      },
      approve && comment.visibility === 'public'
        ? (db) =>
            liveThreadChange(db, {
              chapterId: comment.chapterId,
              threadId,
              publishedRevisionId: access.chapter.publishedRevisionId,
              newThread: !comment.parentId,
            })
        : undefined,
    );
    return { id: commentId, status };
  });
}
