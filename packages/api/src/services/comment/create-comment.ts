import { AnchorError, describeRange, reanchor, type Anchor } from '@margins/anchoring';
import { newId, type Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import {
  requireChapterVisible,
  assertNotBlocked,
  authorSuspendedSelect,
  commentDisplay,
  revisionFor,
  withAuthorSuspended,
} from '../access';
import { excerpt, mayReadNow, notify, storyAuthorIds } from '../notification/notify';
import { enforceRateLimit } from '../rate-limits';
import { inTransaction } from '../transaction';
import { anchorColumns, loadAnchorPassages, toAnchor } from './anchors';
import { liveThreadChange } from './live-change';

export type CommentType = 'reaction' | 'critique' | 'typo';
export type CommentVisibility = 'public' | 'private';

export interface CreateCommentOptions {
  db: Database;
  userId: string;
  chapterId: string;
  /** Ignored for replies, which take their thread's anchor. */
  passageKey?: string;
  /** Offsets in the passage's text; omit both for the whole passage. */
  start?: number;
  end?: number;
  /** The revision being read (members only; readers always comment on the published text). */
  revision?: 'published' | 'current';
  body: string;
  type: CommentType;
  visibility: CommentVisibility;
  parentId?: string;
  /**
   * A guest's comment (services/guest/guest-comment.ts, which checks the story's switch and
   * limits the address): `userId` is then the shared guest account. Always held for approval.
   */
  guestName?: string;
  now: Date;
}

export interface CreatedComment {
  id: string;
  parentId: string | null;
  revisionId: string;
  status: 'visible' | 'pending';
  visibility: CommentVisibility;
}

/**
 * A new inline comment or reply. The anchor is computed here, from the revision the commenter
 * is reading, never taken from the client. Everything it causes (placement on the current draft,
 * notifications) is written in one transaction; the live event follows the commit.
 */
export async function createComment(options: CreateCommentOptions): Promise<CreatedComment> {
  const { db, userId, chapterId, body, type, parentId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { story, role, chapter } = access;
  await assertNotBlocked(db.prisma, story.id, userId);

  let anchor: Anchor;
  let revisionId: string;
  let visibility = options.visibility;
  let root: { id: string; authorId: string } | null = null;
  let repliedTo: { authorId: string } | null = null;
  if (parentId !== undefined) {
    const found = await db.prisma.inlineComment.findUnique({
      where: { id: parentId },
      select: {
        id: true,
        chapterId: true,
        authorId: true,
        parentId: true,
        visibility: true,
        status: true,
        betaRoundId: true,
        ...authorSuspendedSelect,
      },
    });
    const parent = found && withAuthorSuspended(found);
    if (!parent || parent.chapterId !== chapterId || commentDisplay(parent, { userId, role }) === 'none')
      throw notFound('Comment');
    // Threads are one level deep: a reply to a reply joins the root's thread.
    const top = await db.prisma.inlineComment.findUniqueOrThrow({
      where: { id: parent.parentId ?? parent.id },
      select: {
        id: true,
        authorId: true,
        revisionId: true,
        visibility: true,
        status: true,
        frozen: true,
        passageKey: true,
        quote: true,
        prefix: true,
        suffix: true,
        startOffset: true,
        endOffset: true,
      },
    });
    if (top.frozen) throw new ServiceError('forbidden', 'This thread is frozen: no more replies.');
    if (top.status === 'deleted' || top.status === 'pending')
      throw new ServiceError('conflict', 'You cannot reply to this comment.');
    anchor = toAnchor(top);
    revisionId = top.revisionId;
    // A reply in a private thread is private too, whatever the form said.
    if (top.visibility === 'private') visibility = 'private';
    root = top;
    repliedTo = parent;
  } else {
    if (options.passageKey === undefined)
      throw new ServiceError('invalid', 'Choose a passage to comment on.', {
        fieldErrors: { passageKey: ['Required.'] },
      });
    revisionId = revisionFor(access, options.revision).id;
    const passages = await loadAnchorPassages(db.prisma, revisionId);
    try {
      anchor = describeRange(passages, options.passageKey, options.start, options.end);
    } catch (error) {
      if (!(error instanceof AnchorError)) throw error;
      const field = error.code === 'unknown-passage' ? 'passageKey' : 'start';
      throw new ServiceError(
        'invalid',
        error.code === 'unknown-passage'
          ? 'That passage is not in this chapter.'
          : 'Select some words of the passage.',
        {
          fieldErrors: { [field]: [error.message] },
        },
      );
    }
  }

  // A reader's first comment on a story that asks for it waits for approval; later ones don't.
  let status: 'visible' | 'pending' = 'visible';
  if (options.guestName !== undefined) {
    if (parentId !== undefined) throw new ServiceError('forbidden', 'Guests cannot reply; sign in to reply.');
    status = 'pending';
  } else if (role === null) {
    const settings = await db.prisma.story.findUniqueOrThrow({
      where: { id: story.id },
      select: { approveFirstComments: true },
    });
    if (settings.approveFirstComments) {
      const approved = await db.prisma.inlineComment.count({
        where: {
          authorId: userId,
          chapter: { storyId: story.id },
          status: { in: ['visible', 'hidden'] },
          betaRoundId: null,
        },
      });
      if (approved === 0) status = 'pending';
    }
  }

  // Guests share one account: their limit is per address, taken by the caller.
  if (options.guestName === undefined) await enforceRateLimit({ db, userId, action: 'comment', now });

  const id = newId();
  return inTransaction(db, async ({ prisma: tx, live }) => {
    await tx.inlineComment.create({
      data: {
        id,
        chapterId,
        authorId: userId,
        parentId: root?.id ?? null,
        revisionId,
        ...anchorColumns(anchor),
        body,
        type,
        visibility,
        status,
        guestName: options.guestName ?? null,
        createdAt: now,
      },
    });
    if (root) {
      // Replies carry their root's placements, so every comment has a row per later revision.
      const placements = await tx.commentPlacement.findMany({ where: { commentId: root.id } });
      if (placements.length)
        await tx.commentPlacement.createMany({ data: placements.map((p) => ({ ...p, commentId: id })) });
    } else if (chapter.currentRevisionId && chapter.currentRevisionId !== revisionId) {
      // Written on the published text while a newer draft exists: place it on the draft now, so
      // the next edit can chain from that placement like every other comment's.
      const current = chapter.currentRevisionId;
      // One after the other: a transaction is one connection, and pg@9 refuses overlapping queries on it.
      const written = await loadAnchorPassages(tx, revisionId);
      const draft = await loadAnchorPassages(tx, current);
      const [p] = reanchor([anchor], written, draft);
      if (p)
        await tx.commentPlacement.create({
          data: {
            commentId: id,
            revisionId: current,
            passageKey: p.passageKey,
            startOffset: p.start,
            endOffset: p.end,
            method: p.method,
            score: p.score,
          },
        });
    }

    const actor =
      options.guestName !== undefined
        ? { username: `${options.guestName} (guest)` }
        : await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    const where = `“${chapter.title}”`;
    const replyRecipients =
      repliedTo && root ? await mayReadNow(tx, access, [repliedTo.authorId, root.authorId]) : [];
    // Replies to people wait for approval like the comment itself; the authors hear at once.
    const notifiedOfReply =
      status === 'visible' && replyRecipients.length
        ? await notify(tx, {
            at: now,
            recipients: replyRecipients,
            actorId: userId,
            kind: 'reply',
            storyId: story.id,
            chapterId,
            targetId: id,
            summary: `${actor.username} replied on ${where}: ${excerpt(body)}`,
          })
        : [];
    const authors = (await storyAuthorIds(tx, story.id)).filter((a) => !notifiedOfReply.includes(a));
    const pendingNote = status === 'pending' ? ' (awaiting your approval)' : '';
    await notify(tx, {
      at: now,
      recipients: authors,
      actorId: userId,
      kind: 'comment',
      storyId: story.id,
      chapterId,
      targetId: id,
      summary: `${actor.username} commented on ${where}${pendingNote}: ${excerpt(body)}`,
    });

    live.chapterEvent(
      {
        kind: 'comment.created',
        chapterId,
        commentId: id,
        authorId: userId,
        ...(root ? { threadId: root.id } : {}),
      },
      visibility === 'public' && status === 'visible'
        ? (db) =>
            liveThreadChange(db, {
              chapterId,
              threadId: root?.id ?? id,
              publishedRevisionId: chapter.publishedRevisionId,
              newThread: !root,
            })
        : undefined,
    );
    return { id, parentId: root?.id ?? null, revisionId, status, visibility };
  });
}
