// Invitations: the owner invites a user by username as co-author or beta reader; the user
// becomes a member only when they accept. Changing an existing member's role stays direct
// (story.setMember): they already agreed to be on the story.
import { type Database, newId } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { OWNER, requireStoryRole, roleName } from '../access';

export type InvitedRole = 'coauthor' | 'beta';

export interface InvitationView {
  id: string;
  role: InvitedRole;
  status: 'pending' | 'accepted' | 'declined' | 'cancelled';
  createdAt: Date;
  respondedAt: Date | null;
  story: { id: string; slug: string; title: string };
  invitee: { username: string; displayName: string | null };
  inviter: { username: string; displayName: string | null };
}

const person = { select: { username: true, displayName: true } } as const;
const viewSelect = {
  id: true,
  role: true,
  status: true,
  createdAt: true,
  respondedAt: true,
  story: { select: { id: true, slug: true, title: true } },
  invitee: person,
  inviter: person,
} as const;

type Row = { role: 'owner' | 'coauthor' | 'beta' } & Omit<InvitationView, 'role'>;
const toView = (row: Row): InvitationView => ({ ...row, role: row.role === 'beta' ? 'beta' : 'coauthor' });

/** Invites `username`; a second invitation while one is pending replaces its role. */
export async function inviteMember(options: {
  db: Database;
  userId: string;
  storyId: string;
  username: string;
  role: InvitedRole;
}): Promise<InvitationView> {
  const { db, userId, storyId, username, role } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const invitee = await db.prisma.user.findUnique({ where: { username }, select: { id: true } });
  if (!invitee)
    throw new ServiceError('invalid', `There is no user called ${username}.`, {
      fieldErrors: { username: ['No such user.'] },
    });
  if (invitee.id === userId)
    throw new ServiceError('invalid', 'You are the owner of this story.', {
      fieldErrors: { username: ['You already own this story.'] },
    });
  const member = await db.prisma.storyMember.findUnique({
    where: { storyId_userId: { storyId, userId: invitee.id } },
    select: { role: true },
  });
  if (member) {
    throw new ServiceError(
      'conflict',
      `${username} is already a ${roleName(member.role)} of this story; change their role in the member list instead.`,
      {
        fieldErrors: { username: ['Already a member.'] },
      },
    );
  }
  // One pending invitation per person and story; the read and the write share a transaction.
  const row = await db.prisma.$transaction(async (tx) => {
    const pending = await tx.storyInvitation.findFirst({
      where: { storyId, inviteeId: invitee.id, status: 'pending' },
      select: { id: true },
    });
    if (pending)
      return tx.storyInvitation.update({
        where: { id: pending.id },
        data: { role, inviterId: userId },
        select: viewSelect,
      });
    return tx.storyInvitation.create({
      data: { id: newId(), storyId, inviteeId: invitee.id, inviterId: userId, role },
      select: viewSelect,
    });
  });
  return toView(row);
}

/** Pending invitations of a story, for its owner. */
export async function listStoryInvitations(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<InvitationView[]> {
  const { db, userId, storyId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const rows = await db.prisma.storyInvitation.findMany({
    where: { storyId, status: 'pending' },
    orderBy: { createdAt: 'asc' },
    select: viewSelect,
  });
  return rows.map(toView);
}

/** Invitations waiting for the caller's answer, newest first. */
export async function listMyInvitations(options: {
  db: Database;
  userId: string;
}): Promise<InvitationView[]> {
  const rows = await options.db.prisma.storyInvitation.findMany({
    where: { inviteeId: options.userId, status: 'pending' },
    orderBy: { createdAt: 'desc' },
    select: viewSelect,
  });
  return rows.map(toView);
}

/** How many invitations wait for the caller's answer: the header's badge, on every page. */
export async function countMyInvitations(options: {
  db: Database;
  userId: string;
}): Promise<{ count: number }> {
  const count = await options.db.prisma.storyInvitation.count({
    where: { inviteeId: options.userId, status: 'pending' },
  });
  return { count };
}

/** Accept (become a member with the invited role) or decline. Only the invitee may answer. */
export async function respondToInvitation(options: {
  db: Database;
  userId: string;
  invitationId: string;
  accept: boolean;
  now: Date;
}): Promise<InvitationView> {
  const { db, userId, invitationId, accept, now } = options;
  const row = await db.prisma.$transaction(async (tx) => {
    const invitation = await tx.storyInvitation.findUnique({
      where: { id: invitationId },
      select: { inviteeId: true, storyId: true, role: true, status: true },
    });
    // Someone else's invitation does not exist for the caller.
    if (!invitation || invitation.inviteeId !== userId) throw notFound('Invitation');
    if (invitation.status !== 'pending')
      throw new ServiceError('conflict', `This invitation was already ${invitation.status}.`);
    // Conditional update: of two concurrent answers, only one finds the row still pending.
    const { count } = await tx.storyInvitation.updateMany({
      where: { id: invitationId, status: 'pending' },
      data: { status: accept ? 'accepted' : 'declined', respondedAt: now },
    });
    if (count !== 1) throw new ServiceError('conflict', 'This invitation was answered meanwhile.');
    if (accept) {
      const existing = await tx.storyMember.findUnique({
        where: { storyId_userId: { storyId: invitation.storyId, userId } },
        select: { role: true },
      });
      if (!existing)
        await tx.storyMember.create({ data: { storyId: invitation.storyId, userId, role: invitation.role } });
      else if (existing.role !== 'owner')
        await tx.storyMember.update({
          where: { storyId_userId: { storyId: invitation.storyId, userId } },
          data: { role: invitation.role },
        });
    }
    return tx.storyInvitation.findUniqueOrThrow({ where: { id: invitationId }, select: viewSelect });
  });
  return toView(row);
}

/** The owner withdraws a pending invitation. */
export async function cancelInvitation(options: {
  db: Database;
  userId: string;
  storyId: string;
  invitationId: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, storyId, invitationId, now } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const { count } = await db.prisma.storyInvitation.updateMany({
    where: { id: invitationId, storyId, status: 'pending' },
    data: { status: 'cancelled', respondedAt: now },
  });
  if (count !== 1) throw notFound('Pending invitation');
  return { id: invitationId };
}
