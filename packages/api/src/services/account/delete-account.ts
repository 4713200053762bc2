// Deleting an account (docs/accounts.md). One intent, one transaction: either everything below
// happens or nothing does. The User row stays as a tombstone ("deleted account", no address, no
// password, a name nobody can sign up with), so the person's comments and reviews keep their
// places in threads, replies keep their context and every count stays what it was; their text,
// sessions, tokens, notifications, settings and reading data are gone. Their stories go with them
// or stay up under the "orphan account" byline, as they choose.
import { DEFAULT_RATE_LIMITS, createRateLimiter, verifyPassword } from '@margins/auth';
import type { Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import type { StoryFate } from '../../inputs/account';
import type { Db } from '../access';
import { inTransaction, type Tx } from '../transaction';
import { NO_PASSWORD, ensureOrphanAccount } from './orphan-account';

export const DELETED_ACCOUNT_NAME = 'deleted account';

/** A name the username rules never allow (a dot), so nobody can sign up as a tombstone. */
export const tombstoneUsername = (userId: string) => `deleted.${userId}`;

export interface DeletedAccount {
  /** Stories kept under "orphan account". */
  orphaned: number;
  /** Stories deleted with the account. */
  deleted: number;
  /** Stories with a co-author, handed to them instead of deleted (they wrote it too). */
  handedOver: number;
}

export async function deleteAccount(options: {
  db: Database;
  userId: string;
  password: string;
  stories: StoryFate;
  now: Date;
}): Promise<DeletedAccount> {
  const { db, userId, password, stories, now } = options;
  const user = await db.prisma.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, deletedAt: true },
  });
  if (!user || user.deletedAt) throw notFound('Account');
  // The password, under the same allowance as a password change: a stolen session (a shared
  // computer left signed in) must not be able to delete someone's work.
  const limiter = createRateLimiter(db, { now: () => now });
  const key = `password-change:user:${userId}`;
  const hit = await limiter.hit(key, DEFAULT_RATE_LIMITS.passwordChange);
  if (!hit.ok)
    throw new ServiceError('rate_limited', `Too many attempts; try again in ${hit.retryAfterSeconds} s.`, {
      retryAfterSeconds: hit.retryAfterSeconds,
    });
  if (!(await verifyPassword(user.passwordHash, password)))
    throw new ServiceError('invalid', 'Your password is incorrect.', {
      fieldErrors: { password: ['Your password is incorrect.'] },
    });
  await limiter.reset(key);

  return inTransaction(
    db,
    async (tx) => {
      // Locks the row: two deletions at once (two tabs) run one after the other, and the second finds a tombstone.
      const locked = await tx.prisma.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "User" WHERE "id" = ${userId} AND "deletedAt" IS NULL FOR UPDATE`;
      if (!locked.length) throw notFound('Account');
      const result = await settleStories(tx, userId, stories);
      await forgetPerson(tx.prisma, userId, now);
      return result;
    },
    // A prolific author's stories and comments: more than Prisma's 5 s on a slow disk.
    { timeout: 120_000 },
  );
}

/** The stories the person owns: orphaned, handed to a co-author, or deleted. */
async function settleStories(tx: Tx, userId: string, fate: StoryFate): Promise<DeletedAccount> {
  const db = tx.prisma;
  const result: DeletedAccount = { orphaned: 0, deleted: 0, handedOver: 0 };
  const owned = await db.storyMember.findMany({
    where: { userId, role: 'owner' },
    select: { storyId: true },
  });
  if (fate === 'orphan' && owned.length) {
    const orphan = await ensureOrphanAccount(db);
    // Changing the member row moves the byline; the dashboard and page-cache triggers follow it.
    const moved = await db.storyMember.updateMany({
      where: { userId, role: 'owner' },
      data: { userId: orphan },
    });
    result.orphaned = moved.count;
  } else if (fate === 'delete') {
    for (const { storyId } of owned) {
      const coauthor = await db.storyMember.findFirst({
        where: { storyId, role: 'coauthor' },
        orderBy: { createdAt: 'asc' },
        select: { userId: true },
      });
      if (coauthor) {
        await db.storyMember.update({
          where: { storyId_userId: { storyId, userId: coauthor.userId } },
          data: { role: 'owner' },
        });
        result.handedOver++;
        continue;
      }
      const chapters = await db.chapter.findMany({ where: { storyId }, select: { id: true } });
      await db.story.delete({ where: { id: storyId } });
      // Open reading streams of its chapters check again (and end) once this commits.
      tx.live.accessChange(chapters.map((c) => c.id));
      result.deleted++;
    }
  }
  // Co-authorships and beta readings of other people's stories end; those stories stay theirs.
  await db.storyMember.deleteMany({ where: { userId } });
  return result;
}

/** Everything that is the person's, except the rows that keep threads and counts whole. */
async function forgetPerson(db: Db, userId: string, now: Date): Promise<void> {
  const who = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, pendingEmail: true },
  });
  // Signed out everywhere at once; no token, link or mail of theirs works any more.
  await db.session.deleteMany({ where: { userId } });
  await db.apiToken.deleteMany({ where: { userId } });
  await db.accountToken.deleteMany({ where: { userId } });
  const addresses = [who.email, who.pendingEmail].filter((a): a is string => a !== null);
  if (addresses.length) await db.mail.deleteMany({ where: { to: { in: addresses } } });

  // Their words leave; the comments and reviews stay in place as "deleted account", so replies
  // keep their context and the author's counts do not move.
  await db.inlineComment.updateMany({ where: { authorId: userId }, data: { body: '' } });
  await db.review.updateMany({ where: { authorId: userId }, data: { body: '' } });
  await db.betaVerdict.updateMany({ where: { userId }, data: { body: '' } });
  // Notifications quote them (and name them); theirs are nobody's now.
  await db.notification.deleteMany({ where: { OR: [{ userId }, { actorId: userId }] } });

  await db.notificationSetting.deleteMany({ where: { userId } });
  await db.userBlock.deleteMany({ where: { OR: [{ blockerId: userId }, { blockedId: userId }] } });
  await db.storyInvitation.deleteMany({ where: { OR: [{ inviteeId: userId }, { inviterId: userId }] } });
  await db.betaInvite.deleteMany({ where: { userId } });
  await db.subscription.deleteMany({ where: { OR: [{ userId }, { authorId: userId }] } });
  await db.followSetting.deleteMany({ where: { userId } });
  await db.digestItem.deleteMany({ where: { userId } });
  await db.bookmark.deleteMany({ where: { userId } });
  await db.readingHistory.deleteMany({ where: { userId } });
  await db.feedbackSeen.deleteMany({ where: { userId } });

  await db.user.update({
    where: { id: userId },
    data: {
      username: tombstoneUsername(userId),
      displayName: DELETED_ACCOUNT_NAME,
      email: null,
      pendingEmail: null,
      emailVerifiedAt: null,
      passwordHash: NO_PASSWORD,
      deletedAt: now,
    },
  });
}
