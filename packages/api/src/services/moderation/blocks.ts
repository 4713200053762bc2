// An owner blocks a user from commenting on and reviewing every story the owner owns. Existing
// comments stay (moderate them separately); the user can still read.
import type { Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { OWNER, requireStoryRole } from '../access';

export async function blockUser(options: {
  db: Database;
  userId: string;
  storyId: string;
  blockedId: string;
}): Promise<{ blockedId: string }> {
  const { db, userId, storyId, blockedId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  if (blockedId === userId) throw new ServiceError('invalid', 'You cannot block yourself.');
  const target = await db.prisma.user.findUnique({ where: { id: blockedId }, select: { id: true } });
  if (!target) throw notFound('User');
  const member = await db.prisma.storyMember.findUnique({
    where: { storyId_userId: { storyId, userId: blockedId } },
    select: { role: true },
  });
  if (member) throw new ServiceError('invalid', 'Remove this member from the story before blocking them.');
  await db.prisma.userBlock.upsert({
    where: { blockerId_blockedId: { blockerId: userId, blockedId } },
    create: { blockerId: userId, blockedId },
    update: {},
  });
  return { blockedId };
}

/** Blocks are the owner's, across all their stories; asked from one of them (`storyId`), by its owner. */
export async function unblockUser(options: {
  db: Database;
  userId: string;
  storyId: string;
  blockedId: string;
}): Promise<{ blockedId: string }> {
  await requireStoryRole({
    db: options.db.prisma,
    storyId: options.storyId,
    userId: options.userId,
    roles: OWNER,
  });
  await options.db.prisma.userBlock.deleteMany({
    where: { blockerId: options.userId, blockedId: options.blockedId },
  });
  return { blockedId: options.blockedId };
}

export async function listBlockedUsers(options: { db: Database; userId: string; storyId: string }) {
  await requireStoryRole({
    db: options.db.prisma,
    storyId: options.storyId,
    userId: options.userId,
    roles: OWNER,
  });
  const rows = await options.db.prisma.userBlock.findMany({
    where: { blockerId: options.userId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, blocked: { select: { id: true, username: true, displayName: true } } },
  });
  return rows.map((r) => ({ ...r.blocked, blockedAt: r.createdAt }));
}
