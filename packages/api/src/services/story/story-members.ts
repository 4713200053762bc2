// Members of a story: the owner invites co-authors and beta readers by username.
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { MEMBERS, OWNER, requireStoryRole } from '../access';
import { storyChapterIds } from '../live/publish';
import { inTransaction } from '../transaction';

export interface MemberView {
  userId: string;
  username: string;
  displayName: string | null;
  role: 'owner' | 'coauthor' | 'beta';
}

export async function listStoryMembers(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<MemberView[]> {
  const { db, userId, storyId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: MEMBERS });
  const rows = await db.prisma.storyMember.findMany({
    where: { storyId },
    select: { role: true, user: { select: { id: true, username: true, displayName: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    userId: r.user.id,
    username: r.user.username,
    displayName: r.user.displayName,
    role: r.role,
  }));
}

/** Adds a member or changes their role; the owner's own role never changes here. */
export async function setStoryMember(options: {
  db: Database;
  userId: string;
  storyId: string;
  username: string;
  role: 'coauthor' | 'beta';
}): Promise<MemberView> {
  const { db, userId, storyId, username, role } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const user = await db.prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, displayName: true },
  });
  if (!user)
    throw new ServiceError('invalid', `There is no user called ${username}.`, {
      fieldErrors: { username: ['No such user.'] },
    });
  if (user.id === userId)
    throw new ServiceError('invalid', 'You are the owner of this story.', {
      fieldErrors: { username: ['You already own this story.'] },
    });
  await db.prisma.storyMember.upsert({
    where: { storyId_userId: { storyId, userId: user.id } },
    create: { storyId, userId: user.id, role },
    update: { role },
  });
  return { userId: user.id, username: user.username, displayName: user.displayName, role };
}

export async function removeStoryMember(options: {
  db: Database;
  userId: string;
  storyId: string;
  memberId: string;
}): Promise<{ userId: string }> {
  const { db, userId, storyId, memberId } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    await requireStoryRole({ db: prisma, storyId, userId, roles: OWNER });
    if (memberId === userId)
      throw new ServiceError('invalid', 'The owner cannot leave their own story; delete it instead.');
    await prisma.storyMember.deleteMany({ where: { storyId, userId: memberId } });
    // Their drafts (and a private story) are no longer theirs to read: their open streams end.
    live.accessChange(await storyChapterIds(prisma, storyId));
    return { userId: memberId };
  });
}

/**
 * Changes the role of someone who is already a member. New members are invited instead
 * (services/invitation): nobody is put on a story without accepting.
 */
export async function changeMemberRole(options: {
  db: Database;
  userId: string;
  storyId: string;
  username: string;
  role: 'coauthor' | 'beta';
}): Promise<MemberView> {
  const { db, userId, storyId, username } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const user = await db.prisma.user.findUnique({ where: { username }, select: { id: true } });
  const member =
    user &&
    (await db.prisma.storyMember.findUnique({
      where: { storyId_userId: { storyId, userId: user.id } },
      select: { role: true },
    }));
  if (!member) {
    throw new ServiceError('invalid', `${username} is not a member of this story yet; invite them instead.`, {
      fieldErrors: { username: ['Not a member: send an invitation.'] },
    });
  }
  return setStoryMember(options);
}
