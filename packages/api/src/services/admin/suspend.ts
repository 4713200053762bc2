// Suspending an account: its sessions and API tokens end in the same transaction (so the next
// request is anonymous), sign-in is refused naming the suspension (@margins/auth), and its public
// content is withheld from everyone else until it is restored:
//   - its stories: Story.hiddenAt with cause owner_suspended, the column every reading rule checks
//     (access.ts isStoryPublic, story-filter.ts visibleStorySql);
//   - its comments and reviews: checked where they are listed, against the author's suspendedAt
//     (access.ts commentDisplay, list-reviews.ts), so restoring brings them back as they were.
import type { Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import type { Db } from '../access';
import { inTransaction, type Tx } from '../transaction';
import { recordAdminAction, type AdminActor } from './audit';

export const SUSPENDED_STORY_REASON = 'The owner’s account is suspended.';

/** Every chapter of these stories: their live listeners must ask again whether they may read. */
async function chaptersOf(db: Db, storyIds: string[]): Promise<string[]> {
  if (storyIds.length === 0) return [];
  const rows = await db.chapter.findMany({ where: { storyId: { in: storyIds } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The anonymous caches keyed by the users' content version (comment lists) must be read again. */
async function bumpUsersVersion(tx: Tx): Promise<void> {
  await tx.prisma.$executeRaw`SELECT content_version_bump('users')`;
}

async function ownedStoryIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.storyMember.findMany({ where: { userId, role: 'owner' }, select: { storyId: true } });
  return rows.map((r) => r.storyId);
}

export async function suspendUser(options: {
  db: Database;
  actor: AdminActor;
  userId: string;
  reason: string;
  now: Date;
}): Promise<{ changed: boolean }> {
  const { db, actor, userId, reason, now } = options;
  if (actor.id === userId) throw new ServiceError('invalid', 'You cannot suspend your own account.');
  return inTransaction(db, async (tx) => {
    const user = await tx.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, suspendedAt: true },
    });
    if (!user) throw notFound('User');
    if (user.suspendedAt) return { changed: false };
    await tx.prisma.user.update({
      where: { id: userId },
      data: { suspendedAt: now, suspendedReason: reason },
    });
    await tx.prisma.session.deleteMany({ where: { userId } });
    await tx.prisma.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    // Stories an admin already hid keep that cause (and its reason): restoring the owner must not
    // bring back a story hidden for itself.
    const storyIds = await ownedStoryIds(tx.prisma, userId);
    await tx.prisma.story.updateMany({
      where: { id: { in: storyIds }, hiddenAt: null },
      data: { hiddenAt: now, hiddenCause: 'owner_suspended', hiddenReason: SUSPENDED_STORY_REASON },
    });
    await bumpUsersVersion(tx);
    tx.live.accessChange(await chaptersOf(tx.prisma, storyIds));
    await recordAdminAction(tx.prisma, {
      actor,
      action: 'user.suspend',
      target: { type: 'user', id: user.id, label: user.username },
      reason,
      at: now,
    });
    return { changed: true };
  });
}

export async function restoreUser(options: {
  db: Database;
  actor: AdminActor;
  userId: string;
  reason: string;
  now: Date;
}): Promise<{ changed: boolean }> {
  const { db, actor, userId, reason, now } = options;
  return inTransaction(db, async (tx) => {
    const user = await tx.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, suspendedAt: true },
    });
    if (!user) throw notFound('User');
    if (!user.suspendedAt) return { changed: false };
    await tx.prisma.user.update({
      where: { id: userId },
      data: { suspendedAt: null, suspendedReason: null },
    });
    const storyIds = await ownedStoryIds(tx.prisma, userId);
    await tx.prisma.story.updateMany({
      where: { id: { in: storyIds }, hiddenCause: 'owner_suspended' },
      data: { hiddenAt: null, hiddenCause: null, hiddenReason: null },
    });
    await bumpUsersVersion(tx);
    tx.live.accessChange(await chaptersOf(tx.prisma, storyIds));
    await recordAdminAction(tx.prisma, {
      actor,
      action: 'user.restore',
      target: { type: 'user', id: user.id, label: user.username },
      reason,
      at: now,
    });
    return { changed: true };
  });
}

/** Whether the story's owner is suspended (a story an admin un-hides stays withheld then). */
export async function ownerSuspended(db: Db, storyId: string): Promise<boolean> {
  const owner = await db.storyMember.findFirst({
    where: { storyId, role: 'owner' },
    select: { user: { select: { suspendedAt: true } } },
  });
  return owner?.user.suspendedAt != null;
}
