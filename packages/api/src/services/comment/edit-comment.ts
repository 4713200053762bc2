// A commenter edits or deletes their own comment. Deleting is soft: the row stays (reports and
// replies refer to it) and threads show "[deleted]".
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { forgetCommentNotifications } from '../notification/notify';
import { requireCommentVisible } from '../access';
import { inTransaction } from '../transaction';
import { liveThreadChange } from './live-change';
import type { CommentType } from './create-comment';

function requireOwn(comment: { authorId: string }, userId: string, what: string): void {
  if (comment.authorId !== userId)
    throw new ServiceError('forbidden', `You can only ${what} your own comments.`);
}

export async function updateComment(options: {
  db: Database;
  userId: string;
  commentId: string;
  body?: string;
  type?: CommentType;
  now: Date;
}): Promise<{ id: string; editedAt: Date }> {
  const { db, userId, commentId, body, type, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    const { comment } = await requireCommentVisible({ db: prisma, commentId, userId, now });
    requireOwn(comment, userId, 'edit');
    await prisma.inlineComment.update({
      where: { id: commentId },
      data: {
        ...(body === undefined ? {} : { body }),
        ...(type === undefined ? {} : { type }),
        editedAt: now,
      },
    });
    live.chapterEvent({
      kind: 'comment.updated',
      chapterId: comment.chapterId,
      commentId,
      threadId: comment.parentId ?? comment.id,
    });
    return { id: commentId, editedAt: now };
  });
}

export async function deleteComment(options: {
  db: Database;
  userId: string;
  commentId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, commentId, now } = options;
  return inTransaction(db, async ({ prisma: tx, live }) => {
    const { comment, access } = await requireCommentVisible({ db: tx, commentId, userId, now });
    requireOwn(comment, userId, 'delete');
    await tx.inlineComment.update({ where: { id: commentId }, data: { status: 'deleted' } });
    await forgetCommentNotifications(tx, commentId);
    const threadId = comment.parentId ?? comment.id;
    live.chapterEvent(
      { kind: 'comment.deleted', chapterId: comment.chapterId, commentId, threadId },
      comment.visibility === 'public'
        ? (db) =>
            liveThreadChange(db, {
              chapterId: comment.chapterId,
              threadId,
              publishedRevisionId: access.chapter.publishedRevisionId,
            })
        : undefined,
    );
    return { id: commentId };
  });
}
