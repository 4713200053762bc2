// Who may see a beta round. A round exists only for the story's editors (owner, co-authors) and
// the readers invited to it: for everyone else — readers, story beta members not invited, the
// readers of other rounds — every round procedure answers not_found, never forbidden.
//
// An invite grants access to the round's revision only, not to the story: the invited reader
// need not be a StoryMember, and the round never makes them one.
import { createHash, randomBytes } from 'node:crypto';
import { ServiceError, notFound } from '../../errors';
import { EDITORS, type Db, type MemberRole, type StoryRef } from '../access';

export interface RoundAccess {
  round: {
    id: string;
    chapterId: string;
    revisionId: string;
    status: 'open' | 'closed';
    createdAt: Date;
    closedAt: Date | null;
  };
  chapter: { id: string; title: string; storyId: string; currentRevisionId: string | null };
  story: StoryRef;
  /** The caller's role on the story (null for invited readers who are not members). */
  role: MemberRole | null;
  editor: boolean;
  /** The caller holds an active invite to this round. */
  invited: boolean;
}

/** An invite that currently grants access: bound to the user and not revoked. */
export const activeInvite = (userId: string) => ({ userId, revokedAt: null });

export async function roundAccessOf(
  db: Db,
  roundId: string,
  userId: string | null,
): Promise<RoundAccess | null> {
  if (!userId) return null;
  const row = await db.betaRound.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      chapterId: true,
      revisionId: true,
      status: true,
      createdAt: true,
      closedAt: true,
      chapter: {
        select: {
          id: true,
          title: true,
          storyId: true,
          currentRevisionId: true,
          story: {
            select: {
              id: true,
              slug: true,
              title: true,
              visibility: true,
              publishedAt: true,
              hiddenAt: true,
            },
          },
        },
      },
    },
  });
  if (!row) return null;
  const { chapter, ...round } = row;
  const { story, ...chapterRest } = chapter;
  const [member, invite] = await Promise.all([
    db.storyMember.findUnique({
      where: { storyId_userId: { storyId: story.id, userId } },
      select: { role: true },
    }),
    db.betaInvite.findFirst({ where: { roundId, ...activeInvite(userId) }, select: { id: true } }),
  ]);
  const role = member?.role ?? null;
  const editor = role !== null && EDITORS.includes(role);
  if (!editor && !invite) return null;
  return { round, chapter: chapterRest, story, role, editor, invited: invite !== null };
}

/** The round as an editor or an invited reader sees it; not_found for everyone else. */
export async function requireRoundVisible(options: {
  db: Db;
  roundId: string;
  userId: string | null;
}): Promise<RoundAccess> {
  const access = await roundAccessOf(options.db, options.roundId, options.userId);
  if (!access) throw notFound('Beta round');
  return access;
}

/** Editors only; an invited reader can see the round but not run it. */
export async function requireRoundEditor(options: {
  db: Db;
  roundId: string;
  userId: string;
}): Promise<RoundAccess> {
  const access = await requireRoundVisible(options);
  if (!access.editor) throw new ServiceError('forbidden', 'Only the story’s authors can run a beta round.');
  return access;
}

/** Invited readers give feedback while the round is open. */
export async function requireRoundReader(options: {
  db: Db;
  roundId: string;
  userId: string;
}): Promise<RoundAccess> {
  const access = await requireRoundVisible(options);
  if (!access.invited)
    throw new ServiceError(
      'forbidden',
      'Only the beta readers invited to this round can give feedback in it.',
    );
  if (access.round.status !== 'open') throw new ServiceError('forbidden', 'This beta round is closed.');
  return access;
}

// Private links: `randomBytes(32)` as base64url (256 bits, unguessable). Only its SHA-256 hash
// is stored, so a database leak gives no usable link; lookup is by the hash's unique index.
export function newLinkToken(): { token: string; hash: Uint8Array<ArrayBuffer> } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}
