import { type Database, newId, Prisma } from '@margins/db';
import { AuthError } from './errors';
import { hashPassword, validatePassword, verifyDummyPassword, verifyPassword } from './password';
import { createRateLimiter, type RateLimiter, type RateLimitRule } from './rate-limit';
import {
  createSessionStore,
  DEFAULT_SESSION_LIFETIME,
  sessionUserSelect,
  type SessionInfo,
  type SessionLifetime,
  type SessionUser,
  type SessionValidation,
} from './session';
import { changePasswordSchema, emailSchema, logInSchema, parseInput, signUpSchema } from './validation';
import { findAccountToken, spendAccountToken, type AccountTokenPurpose } from './account-tokens';

/** Work a caller adds to the transaction of an account change (e.g. enqueueing the mail it causes). */
export type InTransaction<T> = (tx: Prisma.TransactionClient, result: T) => Promise<void>;

export interface AuthRateLimits {
  /** Login attempts per account (username/email resolved to the user). Reset by a successful login. */
  loginAccount: RateLimitRule;
  /** Login attempts per client IP, across accounts (credential stuffing). Never reset by success. */
  loginIp: RateLimitRule;
  /** Sign-ups per client IP (only when the caller passes `ip`). */
  signUpIp: RateLimitRule;
  /** Wrong current passwords on "change password", per account: a stolen session must not brute-force it. */
  passwordChange: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: Readonly<AuthRateLimits> = Object.freeze({
  // 5 failures in 15 minutes block the account for 5 minutes, then 10, 20, 40, 60 (one try each).
  loginAccount: { limit: 5, windowSeconds: 15 * 60, blockSeconds: 5 * 60, maxBlockSeconds: 60 * 60 },
  // Generous enough for a shared NAT (a school, an office); successes count too.
  loginIp: { limit: 30, windowSeconds: 15 * 60 },
  signUpIp: { limit: 10, windowSeconds: 60 * 60 },
  passwordChange: { limit: 5, windowSeconds: 15 * 60, blockSeconds: 5 * 60, maxBlockSeconds: 60 * 60 },
});

export interface AuthOptions {
  /** The clock; tests inject one to move time. */
  now?: () => Date;
  /** Override any rate-limit rule; unspecified rules keep their defaults. */
  rateLimits?: Partial<AuthRateLimits>;
  /** Override session lifetimes (seconds); defaults: 30 days inactivity, 90 days absolute, 1 day refresh. */
  session?: Partial<SessionLifetime>;
  /** Share a limiter (e.g. with comments); defaults to one on the same database and clock. */
  rateLimiter?: RateLimiter;
}

export interface AuthResult {
  user: SessionUser;
  token: string;
  expiresAt: Date;
}

export interface Auth {
  /**
   * Creates the account and signs it in (returns a session token). The address is only asked
   * for (`pendingEmail`) until its owner follows the mailed link (`confirmEmail`); whether
   * another account already has it is never answered here (docs/auth.md, enumeration).
   */
  signUp(
    input: { username: string; email: string; password: string; ip?: string; userAgent?: string },
    inTransaction?: InTransaction<{ user: SessionUser; email: string }>,
  ): Promise<AuthResult>;
  /** Asks for a new address (after the current password); it takes effect when confirmed. */
  requestEmailChange(
    input: { userId: string; currentPassword: string; email: string },
    inTransaction?: InTransaction<{ userId: string; email: string }>,
  ): Promise<{ email: string }>;
  /** What a mailed link is for, without using it (a GET must not spend it: mail scanners follow links). */
  peekAccountToken(
    token: string,
    purpose: AccountTokenPurpose,
  ): Promise<{ username: string; email: string } | null>;
  /** Follows a confirmation link: the pending address becomes the account's verified address. */
  confirmEmail(
    input: { token: string },
    inTransaction?: InTransaction<{
      userId: string;
      username: string;
      email: string;
      previousEmail: string | null;
    }>,
  ): Promise<{ userId: string; email: string }>;
  /** Follows a reset link: new password, every session and API token revoked, a new session here. */
  resetPassword(input: {
    token: string;
    newPassword: string;
    ip?: string;
    userAgent?: string;
  }): Promise<AuthResult>;
  /** `login` is a username (any capitalisation) or an email. Always a new session. */
  logIn(input: { login: string; password: string; ip: string; userAgent?: string }): Promise<AuthResult>;
  validateSessionToken(token: string): Promise<SessionValidation>;
  invalidateSession(sessionId: string): Promise<void>;
  /** "Log out everywhere". */
  invalidateAllSessions(userId: string): Promise<void>;
  /** The user's live sessions, most recently used first. */
  listSessions(userId: string): Promise<SessionInfo[]>;
  /** Ends one of the user's own sessions; any other id is `not_found`. */
  revokeSession(userId: string, sessionId: string): Promise<void>;
  /** Revokes every session and API token of the user and returns a new session for the current device. */
  changePassword(input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    ip?: string;
    userAgent?: string;
  }): Promise<{ token: string; expiresAt: Date }>;
  /** Deletes dead sessions; for a periodic job (validation also deletes the ones it meets). */
  deleteExpiredSessions(): Promise<number>;
}

function rateLimited(retryAfterSeconds: number): AuthError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait =
    retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return new AuthError('rate_limited', `Too many attempts. Try again in ${wait}.`, { retryAfterSeconds });
}

const INVALID_CREDENTIALS = 'Incorrect username, email or password.';
const DEAD_LINK = 'This link has expired or was already used. Ask for a new one.';

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** What a suspended account is told when it signs in with the right password. */
export function suspendedMessage(since: Date): string {
  return `This account was suspended by the site’s administrators on ${since.toISOString().slice(0, 10)}, so it cannot sign in. Its stories, comments and reviews are hidden until it is restored.`;
}

export function createAuth(db: Database, options: AuthOptions = {}): Auth {
  const now = options.now ?? (() => new Date());
  const rules: AuthRateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const limiter = options.rateLimiter ?? createRateLimiter(db, { now });
  const sessions = createSessionStore(db, now, { ...DEFAULT_SESSION_LIFETIME, ...options.session });

  async function findByLogin(login: string) {
    const select = { ...sessionUserSelect, passwordHash: true, suspendedAt: true } as const;
    if (login.includes('@'))
      return db.prisma.user.findUnique({ where: { email: login.toLowerCase() }, select });
    // Raw `lower() = lower()` rather than Prisma's `mode: 'insensitive'`, which compiles to ILIKE
    // where the `_` allowed in usernames would be a wildcard.
    const rows = await db.prisma.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "User" WHERE lower("username") = lower(${login}) LIMIT 1`;
    const id = rows[0]?.id;
    return id ? db.prisma.user.findUnique({ where: { id }, select }) : null;
  }

  return {
    async signUp(raw, inTransaction) {
      const input = parseInput(signUpSchema, raw);
      const weak = validatePassword(input.password, input);
      if (weak) throw new AuthError('weak_password', weak, { field: 'password' });
      if (input.ip) {
        const hit = await limiter.hit(`signup:ip:${input.ip}`, rules.signUpIp);
        if (!hit.ok) throw rateLimited(hit.retryAfterSeconds);
      }
      const passwordHash = await hashPassword(input.password);

      try {
        return await db.prisma.$transaction(async (tx) => {
          // The friendly answer for the usual case; the unique index on lower(username) (migration
          // username_case_insensitive) decides races, answered by the catch below.
          const taken = await tx.$queryRaw<{ n: number }[]>`
            SELECT 1::int AS n FROM "User" WHERE lower("username") = lower(${input.username}) LIMIT 1`;
          if (taken.length > 0)
            throw new AuthError('username_taken', 'That username is taken.', { field: 'username' });
          // No "address taken" answer: the address is only pending until its owner confirms it,
          // and the mail decides what its owner is told (docs/auth.md, enumeration).
          const user = await tx.user.create({
            data: {
              id: newId(),
              username: input.username,
              pendingEmail: input.email,
              passwordHash,
              createdAt: now(),
            },
            select: sessionUserSelect,
          });
          const { token, session } = await sessions.create(user.id, input, tx);
          await inTransaction?.(tx, { user, email: input.email });
          return { user, token, expiresAt: session.expiresAt };
        });
      } catch (error) {
        // Two sign-ups of one name (in any case) at once: the unique index refuses the second.
        if (isUniqueViolation(error)) {
          throw new AuthError('username_taken', 'That username is taken.', { field: 'username' });
        }
        throw error;
      }
    },

    async logIn(raw) {
      const input = parseInput(logInSchema, raw);
      // Per IP first: stops one client spraying passwords across many accounts.
      const ipHit = await limiter.hit(`login:ip:${input.ip}`, rules.loginIp);
      if (!ipHit.ok) throw rateLimited(ipHit.retryAfterSeconds);

      const user = await findByLogin(input.login);
      // Keyed by user id when the account exists, so username and email share one allowance;
      // unknown logins are limited the same way, so the limiter reveals nothing either.
      // Attempts are counted BEFORE verifying: concurrent guesses cannot all slip under the limit.
      const accountKey = user ? `login:user:${user.id}` : `login:unknown:${input.login.toLowerCase()}`;
      const accountHit = await limiter.hit(accountKey, rules.loginAccount);
      if (!accountHit.ok) throw rateLimited(accountHit.retryAfterSeconds);

      if (!user) {
        // Same argon2 cost as a real check: no timing oracle for which accounts exist.
        await verifyDummyPassword(input.password);
        throw new AuthError('invalid_credentials', INVALID_CREDENTIALS);
      }
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new AuthError('invalid_credentials', INVALID_CREDENTIALS);
      }
      // Only after the password: whether an account is suspended is no one else's business.
      if (user.suspendedAt) throw new AuthError('suspended', suspendedMessage(user.suspendedAt));
      await limiter.reset(accountKey);
      // Always a fresh session (never reuse one presented with the request): prevents fixation.
      const { token, session } = await sessions.create(user.id, input);
      const { passwordHash: _hash, suspendedAt: _suspended, ...sessionUser } = user;
      return { user: sessionUser, token, expiresAt: session.expiresAt };
    },

    validateSessionToken: (token) => sessions.validate(token),
    invalidateSession: (sessionId) => sessions.invalidate(sessionId),
    invalidateAllSessions: (userId) => sessions.invalidateAll(userId),
    listSessions: (userId) => sessions.list(userId),

    async revokeSession(userId, sessionId) {
      if (!(await sessions.revoke(userId, sessionId))) throw new AuthError('not_found', 'No such session.');
    },

    async changePassword(raw) {
      const input = parseInput(changePasswordSchema, raw);
      const user = await db.prisma.user.findUnique({
        where: { id: input.userId },
        select: { id: true, username: true, email: true, passwordHash: true },
      });
      if (!user) throw new AuthError('not_found', 'No such user.');

      const key = `password-change:user:${user.id}`;
      const hit = await limiter.hit(key, rules.passwordChange);
      if (!hit.ok) throw rateLimited(hit.retryAfterSeconds);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AuthError('invalid_credentials', 'Your current password is incorrect.', {
          field: 'currentPassword',
        });
      }
      const weak = validatePassword(input.newPassword, user);
      if (weak) throw new AuthError('weak_password', weak, { field: 'newPassword' });
      await limiter.reset(key);

      const passwordHash = await hashPassword(input.newPassword);
      // One transaction: the new hash, the end of every old session and the revocation of every
      // API token (a thief holding either is out; a password change is what someone does when
      // they suspect one) and the replacement session for this device happen together or not at all.
      const { token, session } = await db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await sessions.invalidateAll(user.id, tx);
        await tx.apiToken.updateMany({
          where: { userId: user.id, revokedAt: null },
          data: { revokedAt: now() },
        });
        return sessions.create(user.id, input, tx);
      });
      return { token, expiresAt: session.expiresAt };
    },

    async requestEmailChange(raw, inTransaction) {
      const userId = String(raw.userId);
      const email = parseInput(emailSchema, raw.email);
      const user = await db.prisma.user.findUnique({
        where: { id: userId },
        select: { id: true, passwordHash: true },
      });
      if (!user) throw new AuthError('not_found', 'No such user.');
      // The current password first (same allowance as a password change): a stolen session must
      // not be able to move the account to its thief's address and then reset the password.
      const key = `password-change:user:${user.id}`;
      const hit = await limiter.hit(key, rules.passwordChange);
      if (!hit.ok) throw rateLimited(hit.retryAfterSeconds);
      if (!(await verifyPassword(user.passwordHash, String(raw.currentPassword ?? '')))) {
        throw new AuthError('invalid_credentials', 'Your current password is incorrect.', {
          field: 'currentPassword',
        });
      }
      await limiter.reset(key);
      await db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { pendingEmail: email } });
        await inTransaction?.(tx, { userId: user.id, email });
      });
      return { email };
    },

    async peekAccountToken(token, purpose) {
      const row = await findAccountToken(db.prisma, token, purpose, now());
      if (!row) return null;
      const user = await db.prisma.user.findUnique({ where: { id: row.userId }, select: { username: true } });
      return user ? { username: user.username, email: row.email } : null;
    },

    async confirmEmail(input, inTransaction) {
      const at = now();
      const row = await findAccountToken(db.prisma, input.token, 'verify_email', at);
      if (!row) throw new AuthError('invalid_token', DEAD_LINK);
      try {
        return await db.prisma.$transaction(async (tx) => {
          if (!(await spendAccountToken(tx, row.id, at))) throw new AuthError('invalid_token', DEAD_LINK);
          const user = await tx.user.findUnique({
            where: { id: row.userId },
            select: { id: true, username: true, email: true, emailVerifiedAt: true, pendingEmail: true },
          });
          // A later request (another address) supersedes this link.
          if (!user || user.pendingEmail !== row.email) throw new AuthError('invalid_token', DEAD_LINK);
          const holder = await tx.user.findUnique({
            where: { email: row.email },
            select: { id: true, emailVerifiedAt: true },
          });
          if (holder && holder.id !== user.id && holder.emailVerifiedAt) {
            throw new AuthError(
              'email_taken',
              'This address already belongs to another account; sign in to that one instead.',
              { field: 'email' },
            );
          }
          // An older account that never confirmed the address gives it up to the one that proved it owns the mailbox.
          if (holder && holder.id !== user.id)
            await tx.user.update({ where: { id: holder.id }, data: { email: null } });
          const previousEmail = user.emailVerifiedAt && user.email !== row.email ? user.email : null;
          await tx.user.update({
            where: { id: user.id },
            data: { email: row.email, emailVerifiedAt: at, pendingEmail: null },
          });
          // Reset links went to the old address: they die with it.
          await tx.accountToken.updateMany({
            where: { userId: user.id, usedAt: null },
            data: { usedAt: at },
          });
          await inTransaction?.(tx, {
            userId: user.id,
            username: user.username,
            email: row.email,
            previousEmail,
          });
          return { userId: user.id, email: row.email };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AuthError(
            'email_taken',
            'This address already belongs to another account; sign in to that one instead.',
            { field: 'email' },
          );
        }
        throw error;
      }
    },

    async resetPassword(input) {
      const at = now();
      const row = await findAccountToken(db.prisma, input.token, 'reset_password', at);
      if (!row) throw new AuthError('invalid_token', DEAD_LINK);
      const user = await db.prisma.user.findUnique({
        where: { id: row.userId },
        select: { ...sessionUserSelect, email: true, emailVerifiedAt: true },
      });
      // The link names the address it was mailed to: if the account no longer has it, the link is dead.
      if (!user || user.email !== row.email || !user.emailVerifiedAt)
        throw new AuthError('invalid_token', DEAD_LINK);
      // Checked before the token is spent, so a too-weak choice does not cost the link.
      const weak = validatePassword(String(input.newPassword ?? ''), user);
      if (weak) throw new AuthError('weak_password', weak, { field: 'newPassword' });
      const passwordHash = await hashPassword(input.newPassword);
      const result = await db.prisma.$transaction(async (tx) => {
        if (!(await spendAccountToken(tx, row.id, at))) throw new AuthError('invalid_token', DEAD_LINK);
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        // Whoever held a session or an API token (the reason someone resets, often) is out.
        await sessions.invalidateAll(user.id, tx);
        await tx.apiToken.updateMany({
          where: { userId: user.id, revokedAt: null },
          data: { revokedAt: at },
        });
        await tx.accountToken.updateMany({
          where: { userId: user.id, purpose: 'reset_password', usedAt: null },
          data: { usedAt: at },
        });
        return sessions.create(user.id, input, tx);
      });
      // The owner proved themselves: a lockout from someone else's guessing ends too.
      await limiter.reset(`login:user:${user.id}`);
      const { email: _e, emailVerifiedAt: _v, ...sessionUser } = user;
      return { user: sessionUser, token: result.token, expiresAt: result.session.expiresAt };
    },

    deleteExpiredSessions: () => sessions.deleteExpired(),
  };
}
