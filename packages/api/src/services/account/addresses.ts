// Addresses and recovery (docs/auth.md): what happens is decided in background jobs, so the
// answer to a sign-up or a reset request is the same, in content and in the work done while the
// caller waits, whether or not the address belongs to someone (no account enumeration).
import { createRateLimiter, emailSchema, mintAccountToken, type Auth } from '@margins/auth';
import type { Database } from '@margins/db';
import { enqueue, type JobClient, type TaskHandler } from '@margins/jobs';
import { z } from 'zod';
import { ServiceError } from '../../errors';
import { queueAddressChangedMail, queueAddressInUseMail, queueResetMail, queueVerifyMail } from './mails';

export const ADDRESS_TASK = 'account.address';
export const RESET_TASK = 'account.reset';

/** Limits on asking for mail (per client address and per mail address), counted whether or not the address has an account. */
export const RECOVERY_LIMITS = {
  resetPerIp: { limit: 10, windowSeconds: 3600 },
  resetPerAddress: { limit: 3, windowSeconds: 3600 },
  resendPerUser: { limit: 5, windowSeconds: 3600 },
  /** Address mails (confirmations, "already in use") to one address: sign-ups naming a stranger's address cannot flood it. */
  addressMailsPerAddress: { limit: 5, windowSeconds: 3600 },
} as const;

const addressPayload = z.object({ userId: z.string(), email: z.string() });
const resetPayload = z.object({ email: z.string() });

/** In the transaction that sets `pendingEmail`: a job decides which mail the address gets. */
export async function enqueueAddressMail(tx: JobClient, userId: string, email: string): Promise<void> {
  await enqueue(tx, ADDRESS_TASK, { userId, email }, { maxAttempts: 5 });
}

function limited(retryAfterSeconds: number): ServiceError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new ServiceError(
    'rate_limited',
    `Too many requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );
}

/** "Forgot password": always the same answer; the job mails a link only to a verified address. */
export async function requestPasswordReset(o: {
  db: Database;
  email: string;
  ip: string;
  now: () => Date;
}): Promise<{ ok: true }> {
  const parsed = emailSchema.safeParse(o.email);
  if (!parsed.success)
    throw new ServiceError('invalid', 'Enter a valid email address.', {
      fieldErrors: { email: ['Enter a valid email address.'] },
    });
  const email = parsed.data;
  const limiter = createRateLimiter(o.db, { now: o.now });
  for (const [key, rule] of [
    [`reset:ip:${o.ip}`, RECOVERY_LIMITS.resetPerIp],
    [`reset:address:${email}`, RECOVERY_LIMITS.resetPerAddress],
  ] as const) {
    const hit = await limiter.hit(key, rule);
    if (!hit.ok) throw limited(hit.retryAfterSeconds);
  }
  await enqueue(o.db.prisma, RESET_TASK, { email }, { maxAttempts: 5 });
  return { ok: true };
}

/** Sends the confirmation mail for the pending address again. */
export async function resendVerification(o: {
  db: Database;
  userId: string;
  now: () => Date;
}): Promise<{ email: string }> {
  const user = await o.db.prisma.user.findUniqueOrThrow({
    where: { id: o.userId },
    select: { email: true, emailVerifiedAt: true, pendingEmail: true },
  });
  // An account from before addresses were confirmed asks to confirm the one it has.
  const email = user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
  if (!email) throw new ServiceError('invalid', 'There is no address waiting for confirmation.');
  const hit = await createRateLimiter(o.db, { now: o.now }).hit(
    `verify-resend:user:${o.userId}`,
    RECOVERY_LIMITS.resendPerUser,
  );
  if (!hit.ok) throw limited(hit.retryAfterSeconds);
  await o.db.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: o.userId }, data: { pendingEmail: email } });
    await enqueueAddressMail(tx, o.userId, email);
  });
  return { email };
}

/** What the account page shows: the same whether the pending address is someone else's or not. */
export async function addressStatus(o: { db: Database; userId: string }) {
  const u = await o.db.prisma.user.findUniqueOrThrow({
    where: { id: o.userId },
    select: { email: true, emailVerifiedAt: true, pendingEmail: true },
  });
  return { email: u.email, verified: u.emailVerifiedAt !== null, pending: u.pendingEmail };
}

export function signUpWithAddress(auth: Auth, input: Parameters<Auth['signUp']>[0]) {
  return auth.signUp(input, (tx, { user, email }) => enqueueAddressMail(tx, user.id, email));
}

export function changeAddress(auth: Auth, input: { userId: string; currentPassword: string; email: string }) {
  return auth.requestEmailChange(input, (tx, { userId, email }) => enqueueAddressMail(tx, userId, email));
}

/** Following the link: the address becomes the account's; the old verified address is told. */
export function confirmAddress(auth: Auth, token: string) {
  return auth.confirmEmail({ token }, async (tx, r) => {
    if (r.previousEmail)
      await queueAddressChangedMail(tx, { to: r.previousEmail, username: r.username, newEmail: r.email });
  });
}

export function accountTasks(o: {
  db: Database;
  now: () => Date;
  siteUrl: string;
}): Record<string, TaskHandler> {
  const { db, siteUrl } = o;
  const address: TaskHandler = async (raw, job) => {
    const { userId, email } = addressPayload.parse(raw);
    const hit = await createRateLimiter(db, { now: o.now }).hit(
      `address-mail:${email}`,
      RECOVERY_LIMITS.addressMailsPerAddress,
    );
    if (!hit.ok) return; // dropped, not retried: the owner of the address has had enough mail this hour
    await db.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { id: true, username: true, pendingEmail: true },
      });
      // Gone, or a newer request superseded this one: its own job mails.
      if (!user || user.pendingEmail !== email) return;
      const holder = await tx.user.findUnique({
        where: { email },
        select: { id: true, username: true, emailVerifiedAt: true },
      });
      if (holder?.emailVerifiedAt) {
        if (holder.id === user.id) {
          await tx.user.update({ where: { id: user.id }, data: { pendingEmail: null } });
          return;
        }
        // Only the address's owner learns of the attempt. (A retried job may repeat this notice; it carries no link.)
        await queueAddressInUseMail(tx, {
          siteUrl,
          to: email,
          username: holder.username,
          attemptedBy: user.username,
        });
        return;
      }
      const token = await mintAccountToken(tx, {
        userId,
        purpose: 'verify_email',
        email,
        jobId: job.id,
        now: job.now,
      });
      if (token) await queueVerifyMail(tx, { siteUrl, to: email, username: user.username, token });
    });
  };
  const reset: TaskHandler = async (raw, job) => {
    const { email } = resetPayload.parse(raw);
    await db.prisma.$transaction(async (tx) => {
      // Only a verified address: an unverified one receives nothing but its confirmation mail.
      const user = await tx.user.findFirst({
        where: { email, emailVerifiedAt: { not: null } },
        select: { id: true, username: true },
      });
      if (!user) return;
      const token = await mintAccountToken(tx, {
        userId: user.id,
        purpose: 'reset_password',
        email,
        jobId: job.id,
        now: job.now,
      });
      if (token) await queueResetMail(tx, { siteUrl, to: email, username: user.username, token });
    });
  };
  return { [ADDRESS_TASK]: address, [RESET_TASK]: reset };
}
