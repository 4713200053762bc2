// A reader mutes a user: that user's comments (roots and replies) are hidden from the reader's
// own comment lists, nowhere else (docs/profiles.md). Unlike an owner's block (moderation/blocks.ts)
// it stops nobody from writing, and the muted user is not told.
import type { Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';

/** Enough for any reader; a bound so one account cannot grow the table without end. */
export const MAX_MUTES = 1000;

export async function muteUser(options: {
  db: Database;
  userId: string;
  username: string;
}): Promise<{ username: string; muted: true }> {
  const { db, userId, username } = options;
  const target = await db.prisma.user.findUnique({ where: { username }, select: { id: true } });
  if (!target) throw notFound('User');
  if (target.id === userId) throw new ServiceError('invalid', 'You cannot mute yourself.');
  const count = await db.prisma.userMute.count({ where: { muterId: userId } });
  if (count >= MAX_MUTES) throw new ServiceError('invalid', `You can mute at most ${MAX_MUTES} people.`);
  await db.prisma.userMute.upsert({
    where: { muterId_mutedId: { muterId: userId, mutedId: target.id } },
    create: { muterId: userId, mutedId: target.id },
    update: {},
  });
  return { username, muted: true };
}

export async function unmuteUser(options: {
  db: Database;
  userId: string;
  username: string;
}): Promise<{ username: string; muted: false }> {
  const { db, userId, username } = options;
  // Unknown names are simply not muted: the answer is the same either way.
  await db.prisma.userMute.deleteMany({ where: { muterId: userId, muted: { username } } });
  return { username, muted: false };
}

export async function listMutes(options: { db: Database; userId: string }) {
  const rows = await options.db.prisma.userMute.findMany({
    where: { muterId: options.userId },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, muted: { select: { username: true, displayName: true } } },
  });
  return rows.map((r) => ({ ...r.muted, mutedAt: r.createdAt }));
}
