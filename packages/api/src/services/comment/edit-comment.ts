// A commenter edits or deletes their own comment. Deleting is soft: the row stays (reports and
// replies refer to it) and threads show "[deleted]".
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { publishChapterEvent } from '../live/publish';
import { forgetCommentNotifications } from '../notification/notify';
import { requireCommentVisible } from '../access';
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
  const { comment } = await requireCommentVisible({ db: db.prisma, commentId, userId, now });
  requireOwn(comment, userId, 'edit');
  await db.prisma.inlineComment.update({
    where: { id: commentId },
    data: { ...(body === undefined ? {} : { body }), ...(type === undefined ? {} : { type }), editedAt: now },
  });
  await publishChapterEvent(db, {
    kind: 'comment.updated',
    chapterId: comment.chapterId,
    commentId,
    threadId: comment.parentId ?? comment.id,
  });
  return { id: commentId, editedAt: now };
}

export async function deleteComment(options: {
  db: Database;
  userId: string;
  commentId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, commentId, now } = options;
  const { comment, access } = await requireCommentVisible({ db: db.prisma, commentId, userId, now });
  requireOwn(comment, userId, 'delete');
  await db.prisma.$transaction(async (tx) => {
    await tx.inlineComment.update({ where: { id: commentId }, data: { status: 'deleted' } });
    await forgetCommentNotifications(tx, commentId);
  });
  await publishChapterEvent(db, {
    kind: 'comment.deleted',
    chapterId: comment.chapterId,
    commentId,
    threadId: comment.parentId ?? comment.id,
    ...(comment.visibility === 'public'
      ? await liveThreadChange(db, {
          chapterId: comment.chapterId,
          threadId: comment.parentId ?? comment.id,
          publishedRevisionId: access.chapter.publishedRevisionId,
        })
      : {}),
  });
  return { id: commentId };
}
