// Reading a round and giving feedback in it. Round comments are InlineComments with
// `betaRoundId` set and visibility private: the public comment procedures never return them
// (services/access.ts, "Comments"), and they are re-anchored on edits like every other comment, so the
// to-do list can show where they land on the current draft.
//
// Who sees round feedback: the story's editors see all of it; each invited reader sees only
// their own comments and verdict (readers of one round do not see each other's feedback).
import { AnchorError, describeRange, reanchor } from '@margins/anchoring';
import { type Database, newId } from '@margins/db';
import { ServiceError } from '../../errors';
import { loadRevisionSegments, type SegmentView } from '../chapter/revision-segments';
import { anchorColumns, loadAnchorPassages } from '../comment/anchors';
import { excerpt, notify, storyAuthorIds } from '../notification/notify';
import { enforceRateLimit } from '../rate-limits';
import { requireRoundReader, requireRoundVisible, type RoundAccess } from '../access';

export type BetaCommentType = 'reaction' | 'critique' | 'typo';

export interface RoundComment {
  id: string;
  passageKey: string;
  quote: string | null;
  body: string;
  type: BetaCommentType;
  resolution: 'open' | 'accepted' | 'resolved' | 'dismissed';
  author: { username: string; displayName: string | null };
  mine: boolean;
  createdAt: Date;
}

export interface RoundVerdict {
  verdict: 'yay' | 'nay';
  body: string;
  author: { username: string; displayName: string | null };
  mine: boolean;
  updatedAt: Date;
}

const person = { select: { username: true, displayName: true } } as const;

/** What of the round's feedback the caller sees: all of it for editors, their own otherwise. */
async function feedbackFor(
  db: Database,
  access: RoundAccess,
  userId: string,
): Promise<{ comments: RoundComment[]; verdicts: RoundVerdict[] }> {
  const roundId = access.round.id;
  const own = access.editor ? {} : { authorId: userId };
  const [comments, verdicts] = await Promise.all([
    db.prisma.inlineComment.findMany({
      where: { betaRoundId: roundId, parentId: null, status: { not: 'deleted' }, ...own },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        authorId: true,
        passageKey: true,
        quote: true,
        body: true,
        type: true,
        resolution: true,
        createdAt: true,
        author: person,
      },
    }),
    db.prisma.betaVerdict.findMany({
      where: { roundId, ...(access.editor ? {} : { userId }) },
      orderBy: { updatedAt: 'asc' },
      select: { userId: true, verdict: true, body: true, updatedAt: true, user: person },
    }),
  ]);
  return {
    comments: comments.map(({ authorId, ...c }) => ({ ...c, mine: authorId === userId })),
    verdicts: verdicts.map((v) => ({
      verdict: v.verdict,
      body: v.body,
      author: v.user,
      mine: v.userId === userId,
      updatedAt: v.updatedAt,
    })),
  };
}

export interface RoundReading {
  round: { id: string; status: 'open' | 'closed'; createdAt: Date; closedAt: Date | null };
  story: { id: string; title: string };
  chapter: { id: string; title: string };
  revision: { id: string; number: number; wordCount: number };
  segments: SegmentView[];
  viewer: { editor: boolean; canGiveFeedback: boolean };
  comments: RoundComment[];
  verdicts: RoundVerdict[];
}

/** The round's revision as its readers (and editors) read it, with the feedback the caller may see. */
export async function readRound(options: {
  db: Database;
  userId: string;
  roundId: string;
}): Promise<RoundReading> {
  const { db, userId, roundId } = options;
  const access = await requireRoundVisible({ db: db.prisma, roundId, userId });
  const [revision, segments, feedback] = await Promise.all([
    db.prisma.chapterRevision.findUniqueOrThrow({
      where: { id: access.round.revisionId },
      select: { id: true, number: true, wordCount: true },
    }),
    loadRevisionSegments(db.prisma, access.round.revisionId),
    feedbackFor(db, access, userId),
  ]);
  const { round, story, chapter } = access;
  return {
    round: { id: round.id, status: round.status, createdAt: round.createdAt, closedAt: round.closedAt },
    story: { id: story.id, title: story.title },
    chapter: { id: chapter.id, title: chapter.title },
    revision,
    segments,
    viewer: { editor: access.editor, canGiveFeedback: access.invited && round.status === 'open' },
    ...feedback,
  };
}

/** The round's feedback: editors see every reader's; an invited reader sees their own. */
export async function roundFeedback(options: { db: Database; userId: string; roundId: string }) {
  const access = await requireRoundVisible({
    db: options.db.prisma,
    roundId: options.roundId,
    userId: options.userId,
  });
  return feedbackFor(options.db, access, options.userId);
}

/** A reader's comment on a passage (or a phrase of it) of the round's revision. */
export async function commentInRound(options: {
  db: Database;
  userId: string;
  roundId: string;
  passageKey: string;
  start?: number;
  end?: number;
  body: string;
  type: BetaCommentType;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, roundId, body, type, now } = options;
  const access = await requireRoundReader({ db: db.prisma, roundId, userId });
  const { round, chapter, story } = access;
  const passages = await loadAnchorPassages(db.prisma, round.revisionId);
  let anchor;
  try {
    anchor = describeRange(passages, options.passageKey, options.start, options.end);
  } catch (error) {
    if (!(error instanceof AnchorError)) throw error;
    const field = error.code === 'unknown-passage' ? 'passageKey' : 'start';
    throw new ServiceError(
      'invalid',
      error.code === 'unknown-passage'
        ? 'That passage is not in this revision.'
        : 'Select some words of the passage.',
      {
        fieldErrors: { [field]: [error.message] },
      },
    );
  }
  await enforceRateLimit({ db, userId, action: 'comment', now });

  const id = newId();
  await db.prisma.$transaction(async (tx) => {
    await tx.inlineComment.create({
      data: {
        id,
        chapterId: chapter.id,
        authorId: userId,
        revisionId: round.revisionId,
        ...anchorColumns(anchor),
        body,
        type,
        visibility: 'private',
        status: 'visible',
        betaRoundId: roundId,
        createdAt: now,
      },
    });
    // The draft moved on since the round opened: place the comment on it now, so later edits
    // chain from that placement (as create-comment does for comments on the published text).
    const current = await tx.chapter.findUniqueOrThrow({
      where: { id: chapter.id },
      select: { currentRevisionId: true },
    });
    if (current.currentRevisionId && current.currentRevisionId !== round.revisionId) {
      const draft = await loadAnchorPassages(tx, current.currentRevisionId);
      const [p] = reanchor([anchor], passages, draft);
      if (p)
        await tx.commentPlacement.create({
          data: {
            commentId: id,
            revisionId: current.currentRevisionId,
            passageKey: p.passageKey,
            startOffset: p.start,
            endOffset: p.end,
            method: p.method,
            score: p.score,
          },
        });
    }
    // Only the story's authors hear of it (they are inside the round). No live event: the
    // chapter's public channel must not learn that round feedback exists.
    const actor = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    await notify(tx, {
      at: now,
      recipients: await storyAuthorIds(tx, story.id),
      actorId: userId,
      kind: 'comment',
      storyId: story.id,
      chapterId: chapter.id,
      targetId: id,
      summary: `${actor.username} left beta feedback on “${chapter.title}”: ${excerpt(body)}`,
    });
  });
  return { id };
}

/** A reader's private verdict on the round's revision; giving it again replaces it. */
export async function giveRoundVerdict(options: {
  db: Database;
  userId: string;
  roundId: string;
  verdict: 'yay' | 'nay';
  body: string;
  now: Date;
}): Promise<{ created: boolean }> {
  const { db, userId, roundId, verdict, body, now } = options;
  await requireRoundReader({ db: db.prisma, roundId, userId });
  const existing = await db.prisma.betaVerdict.findUnique({
    where: { roundId_userId: { roundId, userId } },
    select: { roundId: true },
  });
  await db.prisma.betaVerdict.upsert({
    where: { roundId_userId: { roundId, userId } },
    create: { roundId, userId, verdict, body, createdAt: now, updatedAt: now },
    update: { verdict, body, updatedAt: now },
  });
  return { created: existing === null };
}
