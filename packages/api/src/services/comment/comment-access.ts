// Who sees which inline comment.
//   private notes: the story's side (owner, co-authors, beta readers) and their author;
//   pending (awaiting approval): their author and the story's editors;
//   hidden by a moderator: their author and the story's editors;
//   deleted: nobody (a thread whose root is gone shows "[deleted]" while it has replies);
//   written by an account the site's admins suspended: its author only, until it is restored
//     (a placeholder while it keeps a thread alive, like a hidden comment; docs/admin.md);
//   beta-round feedback (betaRoundId set): none of the public comment procedures, for anyone —
//   it is read through beta.* and feedback.* only (services/beta/round-access.ts).

import { ServiceError, notFound } from '../../errors';
import { EDITORS, requireChapterVisible, type ChapterAccess, type Db, type MemberRole } from '../access';

export interface Viewer {
  userId: string | null;
  role: MemberRole | null;
}

export interface CommentVisibilityFields {
  authorId: string;
  visibility: 'public' | 'private';
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  /** Required, so every caller selects it: round feedback never shows through comment.*. */
  betaRoundId: string | null;
  /** Its author's account is suspended. Required for the same reason (docs/admin.md). */
  authorSuspended: boolean;
}

/** Added to a Prisma select of a comment, then `withAuthorSuspended` gives commentDisplay its field. */
export const authorSuspendedSelect = { author: { select: { suspendedAt: true } } } as const;

export function withAuthorSuspended<T extends { author: { suspendedAt: Date | null } }>(
  row: T,
): Omit<T, 'author'> & { authorSuspended: boolean } {
  const { author, ...rest } = row;
  return { ...rest, authorSuspended: author.suspendedAt !== null };
}

export const isEditor = (role: MemberRole | null): boolean => role !== null && EDITORS.includes(role);

/** 'show' = in full; 'placeholder' = as "[deleted]"/"[hidden]" when it keeps a thread alive; 'none'. */
export function commentDisplay(c: CommentVisibilityFields, viewer: Viewer): 'show' | 'placeholder' | 'none' {
  if (c.betaRoundId !== null) return 'none';
  const mine = viewer.userId !== null && c.authorId === viewer.userId;
  if (c.visibility === 'private' && !mine && viewer.role === null) return 'none';
  if (c.authorSuspended && !mine) return c.status === 'pending' ? 'none' : 'placeholder';
  switch (c.status) {
    case 'visible':
      return 'show';
    case 'pending':
      return mine || isEditor(viewer.role) ? 'show' : 'none';
    case 'hidden':
      return mine || isEditor(viewer.role) ? 'show' : 'placeholder';
    case 'deleted':
      return 'placeholder';
  }
}

const commentSelect = {
  id: true,
  chapterId: true,
  authorId: true,
  parentId: true,
  revisionId: true,
  passageKey: true,
  quote: true,
  prefix: true,
  suffix: true,
  startOffset: true,
  endOffset: true,
  body: true,
  type: true,
  visibility: true,
  status: true,
  frozen: true,
  betaRoundId: true,
} as const;

/** The comment and its chapter as the caller may see them; not_found when they may not. */
export async function requireCommentVisible(options: {
  db: Db;
  commentId: string;
  userId: string | null;
  now: Date;
}) {
  const { db, commentId, userId, now } = options;
  const row = await db.inlineComment.findUnique({
    where: { id: commentId },
    select: { ...commentSelect, ...authorSuspendedSelect },
  });
  if (!row) throw notFound('Comment');
  const comment = withAuthorSuspended(row);
  const access = await requireChapterVisible({ db, chapterId: comment.chapterId, userId, now });
  if (commentDisplay(comment, { userId, role: access.role }) !== 'show') throw notFound('Comment');
  return { comment, access };
}

/** The story's editors moderate; readers who can see the comment get forbidden. */
export function requireEditor(access: ChapterAccess): void {
  if (!isEditor(access.role))
    throw new ServiceError('forbidden', 'Only the story’s authors can moderate comments and reviews.');
}

/** A user the story's owner blocked cannot comment on or review any of the owner's stories. */
export async function assertNotBlocked(db: Db, storyId: string, userId: string): Promise<void> {
  const block = await db.userBlock.findFirst({
    where: { blockedId: userId, blocker: { memberships: { some: { storyId, role: 'owner' } } } },
    select: { blockerId: true },
  });
  if (block)
    throw new ServiceError(
      'forbidden',
      'The author of this story has blocked you from commenting on and reviewing their stories.',
    );
}

/** Which revision a caller reads: readers the published one; members the draft unless asked. */
export function revisionFor(
  access: ChapterAccess,
  wanted?: 'published' | 'current',
): { id: string; which: 'published' | 'current' } {
  const { chapter, role, live } = access;
  const current = chapter.currentRevisionId;
  const published = live ? chapter.publishedRevisionId : null;
  let id: string | null;
  let which: 'published' | 'current';
  if (role === null) [id, which] = [chapter.publishedRevisionId, 'published'];
  else if (wanted === 'current' || (wanted === undefined && !published)) [id, which] = [current, 'current'];
  else
    [id, which] = [
      chapter.publishedRevisionId ?? current,
      chapter.publishedRevisionId ? 'published' : 'current',
    ];
  if (!id) throw new ServiceError('not_found', 'This chapter has no text yet.');
  return { id, which };
}
