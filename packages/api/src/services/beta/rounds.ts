// Running a beta round (editors): open one on a chapter's current draft revision, invite
// readers by username or with private links, revoke, close, list. See access.ts ("Beta rounds") for who
// may see what.
import { type Database, newId } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import {
  EDITORS,
  requireChapterRole,
  requireStoryVisible,
  requireRoundEditor,
  requireRoundVisible,
} from '../access';
import { hashLinkToken, newLinkToken } from './link-token';

export interface InviteView {
  id: string;
  kind: 'username' | 'link';
  user: { username: string; displayName: string | null } | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  acceptedAt: Date | null;
  createdAt: Date;
  /** Usable or in use: not revoked, and (for an unaccepted link) not expired. */
  active: boolean;
}

export interface RoundSummary {
  id: string;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  chapter: { id: string; title: string };
  revision: { id: string; number: number };
  readers: number;
  comments: number;
  verdicts: { yay: number; nay: number };
}

const roundSummarySelect = {
  id: true,
  status: true,
  createdAt: true,
  closedAt: true,
  chapter: { select: { id: true, title: true } },
  revision: { select: { id: true, number: true } },
  invites: { where: { revokedAt: null, userId: { not: null } }, select: { userId: true } },
  verdicts: { select: { verdict: true } },
  _count: { select: { comments: { where: { status: { not: 'deleted' } } } } },
} as const;

type SummaryRow = {
  id: string;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  chapter: { id: string; title: string };
  revision: { id: string; number: number };
  invites: { userId: string | null }[];
  verdicts: { verdict: 'yay' | 'nay' }[];
  _count: { comments: number };
};
const toSummary = (r: SummaryRow): RoundSummary => ({
  id: r.id,
  status: r.status,
  createdAt: r.createdAt,
  closedAt: r.closedAt,
  chapter: r.chapter,
  revision: r.revision,
  readers: new Set(r.invites.map((i) => i.userId)).size,
  comments: r._count.comments,
  verdicts: {
    yay: r.verdicts.filter((v) => v.verdict === 'yay').length,
    nay: r.verdicts.filter((v) => v.verdict === 'nay').length,
  },
});

/** Opens a round on the chapter's current revision (the draft as it stands now). */
export async function openRound(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<{ id: string; revisionId: string }> {
  const { db, userId, chapterId, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  if (!chapter.currentRevisionId) throw new ServiceError('conflict', 'This chapter has no text yet.');
  const id = newId();
  await db.prisma.betaRound.create({
    data: { id, chapterId, revisionId: chapter.currentRevisionId, openedById: userId, createdAt: now },
  });
  return { id, revisionId: chapter.currentRevisionId };
}

/** A story's rounds, newest first: editors only (not_found for everyone else, like the dashboard). */
export async function listStoryRounds(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ story: { id: string; title: string; slug: string }; rounds: RoundSummary[] }> {
  const { db, userId, storyId } = options;
  const access = await requireStoryVisible({ db: db.prisma, storyId, userId }).catch(() => null);
  if (!access?.role || !EDITORS.includes(access.role)) throw notFound('Story');
  const rows = await db.prisma.betaRound.findMany({
    where: { chapter: { storyId } },
    orderBy: { createdAt: 'desc' },
    select: roundSummarySelect,
  });
  return {
    story: { id: access.story.id, title: access.story.title, slug: access.story.slug },
    rounds: rows.map(toSummary),
  };
}

/** The rounds the caller is invited to (as a reader), newest first. */
export async function listMyRounds(options: {
  db: Database;
  userId: string;
}): Promise<(RoundSummary & { story: { id: string; title: string } })[]> {
  const { db, userId } = options;
  const rows = await db.prisma.betaRound.findMany({
    where: { invites: { some: { userId, revokedAt: null } } },
    orderBy: { createdAt: 'desc' },
    select: {
      ...roundSummarySelect,
      chapter: { select: { id: true, title: true, story: { select: { id: true, title: true } } } },
    },
  });
  return rows.map((r) => ({
    ...toSummary({ ...r, chapter: { id: r.chapter.id, title: r.chapter.title } }),
    story: r.chapter.story,
  }));
}

/** A round with its invites: editors only. */
export async function getRound(options: { db: Database; userId: string; roundId: string; now: Date }) {
  const { db, userId, roundId, now } = options;
  const access = await requireRoundEditor({ db: db.prisma, roundId, userId });
  const [row, invites] = await Promise.all([
    db.prisma.betaRound.findUniqueOrThrow({ where: { id: roundId }, select: roundSummarySelect }),
    db.prisma.betaInvite.findMany({
      where: { roundId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        tokenHash: true,
        expiresAt: true,
        revokedAt: true,
        acceptedAt: true,
        createdAt: true,
        user: { select: { username: true, displayName: true } },
      },
    }),
  ]);
  return {
    ...toSummary(row),
    story: { id: access.story.id, title: access.story.title, slug: access.story.slug },
    currentRevisionId: access.chapter.currentRevisionId,
    invites: invites.map((i): InviteView => ({
      id: i.id,
      kind: i.tokenHash ? 'link' : 'username',
      user: i.user,
      expiresAt: i.expiresAt,
      revokedAt: i.revokedAt,
      acceptedAt: i.acceptedAt,
      createdAt: i.createdAt,
      active: i.revokedAt === null && (i.user !== null || i.expiresAt === null || i.expiresAt > now),
    })),
  };
}

/** Invites a user by username: they can read the round at once (no acceptance step). */
export async function inviteToRound(options: {
  db: Database;
  userId: string;
  roundId: string;
  username: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, roundId, username, now } = options;
  const access = await requireRoundEditor({ db: db.prisma, roundId, userId });
  const invitee = await db.prisma.user.findUnique({ where: { username }, select: { id: true } });
  if (!invitee)
    throw new ServiceError('invalid', `There is no user called ${username}.`, {
      fieldErrors: { username: ['No such user.'] },
    });
  const member = await db.prisma.storyMember.findUnique({
    where: { storyId_userId: { storyId: access.story.id, userId: invitee.id } },
    select: { role: true },
  });
  if (member && EDITORS.includes(member.role)) {
    throw new ServiceError('invalid', `${username} is an author of this story and sees the round already.`, {
      fieldErrors: { username: ['Already an author.'] },
    });
  }
  const existing = await db.prisma.betaInvite.findFirst({
    where: { roundId, userId: invitee.id, revokedAt: null },
    select: { id: true },
  });
  if (existing) return existing;
  const id = newId();
  await db.prisma.betaInvite.create({
    data: { id, roundId, userId: invitee.id, acceptedAt: now, createdAt: now },
  });
  return { id };
}

/**
 * A private link for one reader. The token is returned once and never stored (only its hash);
 * `expiresInDays` limits how long it can be accepted.
 */
export async function createRoundLink(options: {
  db: Database;
  userId: string;
  roundId: string;
  expiresInDays?: number;
  now: Date;
}): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const { db, userId, roundId, expiresInDays, now } = options;
  await requireRoundEditor({ db: db.prisma, roundId, userId });
  const { token, hash } = newLinkToken();
  const expiresAt = expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * 86_400_000);
  const id = newId();
  await db.prisma.betaInvite.create({ data: { id, roundId, tokenHash: hash, expiresAt, createdAt: now } });
  return { id, token, expiresAt };
}

/** Revokes an invite or link: the link stops working and a reader who used it loses access. */
export async function revokeRoundInvite(options: {
  db: Database;
  userId: string;
  inviteId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, inviteId, now } = options;
  const invite = await db.prisma.betaInvite.findUnique({
    where: { id: inviteId },
    select: { id: true, roundId: true, revokedAt: true },
  });
  if (!invite) throw notFound('Invite');
  // The invite exists for the caller only if its round does.
  await requireRoundEditor({ db: db.prisma, roundId: invite.roundId, userId }).catch((error: unknown) => {
    throw error instanceof ServiceError && error.code === 'not_found' ? notFound('Invite') : error;
  });
  if (!invite.revokedAt)
    await db.prisma.betaInvite.update({ where: { id: inviteId }, data: { revokedAt: now } });
  return { id: inviteId };
}

export interface RoundLinkView {
  roundId: string;
  story: { title: string };
  chapter: { title: string };
  revision: { number: number };
  openedBy: { username: string; displayName: string | null };
  status: 'open' | 'closed';
  /** When an unused link stops working; null: never. */
  expiresAt: Date | null;
  /** The caller already reads the round (their link, an invitation, or they run it): nothing to join. */
  joined: boolean;
}

/**
 * What a private link leads to, for the page that offers to join it: looking changes nothing
 * (joining is acceptRoundLink, a POST), so a link opened by a cross-site navigation or a
 * preview bot binds no one. Answers exactly when accepting would: unknown, revoked, expired or
 * someone else's link → not_found.
 */
export async function roundLinkInfo(options: {
  db: Database;
  userId: string;
  token: string;
  now: Date;
}): Promise<RoundLinkView> {
  const { db, userId, token, now } = options;
  const invite = await db.prisma.betaInvite.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: {
      userId: true,
      expiresAt: true,
      revokedAt: true,
      round: {
        select: {
          id: true,
          status: true,
          chapter: { select: { title: true, story: { select: { title: true } } } },
          revision: { select: { number: true } },
          openedBy: { select: { username: true, displayName: true } },
        },
      },
    },
  });
  if (!invite || invite.revokedAt) throw notFound('Invitation');
  const mine = invite.userId === userId;
  if (!mine && (invite.userId !== null || (invite.expiresAt !== null && invite.expiresAt <= now)))
    throw notFound('Invitation');
  const { round } = invite;
  const already =
    mine ||
    (await requireRoundVisible({ db: db.prisma, roundId: round.id, userId }).catch(() => null)) !== null;
  return {
    roundId: round.id,
    story: { title: round.chapter.story.title },
    chapter: { title: round.chapter.title },
    revision: round.revision,
    openedBy: round.openedBy,
    status: round.status,
    expiresAt: invite.userId === null ? invite.expiresAt : null,
    joined: already,
  };
}

/**
 * Accepts a private link: binds it to the caller (one link, one reader). Unknown, revoked,
 * expired or someone else's link → not_found. Callers who already see the round (its editors,
 * readers already invited) do not use the link up.
 */
export async function acceptRoundLink(options: {
  db: Database;
  userId: string;
  token: string;
  now: Date;
}): Promise<{ roundId: string }> {
  const { db, userId, token, now } = options;
  const invite = await db.prisma.betaInvite.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { id: true, roundId: true, userId: true, expiresAt: true, revokedAt: true },
  });
  if (!invite || invite.revokedAt) throw notFound('Invitation');
  if (invite.userId === userId) return { roundId: invite.roundId };
  if (invite.userId !== null || (invite.expiresAt !== null && invite.expiresAt <= now))
    throw notFound('Invitation');
  const already = await requireRoundVisible({ db: db.prisma, roundId: invite.roundId, userId }).catch(
    () => null,
  );
  if (already) return { roundId: invite.roundId };
  // Conditional update: two people racing for one link cannot both bind it.
  const { count } = await db.prisma.betaInvite.updateMany({
    where: { id: invite.id, userId: null, revokedAt: null },
    data: { userId, acceptedAt: now },
  });
  if (count === 0) throw notFound('Invitation');
  return { roundId: invite.roundId };
}

/** Closes the round: readers keep reading it, but give no more feedback. */
export async function closeRound(options: {
  db: Database;
  userId: string;
  roundId: string;
  now: Date;
}): Promise<{ id: string; status: 'closed' }> {
  const { db, userId, roundId, now } = options;
  const { round } = await requireRoundEditor({ db: db.prisma, roundId, userId });
  if (round.status !== 'closed')
    await db.prisma.betaRound.update({ where: { id: roundId }, data: { status: 'closed', closedAt: now } });
  return { id: roundId, status: 'closed' };
}
