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
import { changePasswordSchema, logInSchema, parseInput, signUpSchema } from './validation';

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
  /** Creates the account and signs it in (returns a session token). */
  signUp(input: {
    username: string;
    email: string;
    password: string;
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

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createAuth(db: Database, options: AuthOptions = {}): Auth {
  const now = options.now ?? (() => new Date());
  const rules: AuthRateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const limiter = options.rateLimiter ?? createRateLimiter(db, { now });
  const sessions = createSessionStore(db, now, { ...DEFAULT_SESSION_LIFETIME, ...options.session });

  async function findByLogin(login: string) {
    const select = { ...sessionUserSelect, passwordHash: true } as const;
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
    async signUp(raw) {
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
          if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
            throw new AuthError('email_taken', 'An account with that email already exists.', {
              field: 'email',
            });
          }
          const user = await tx.user.create({
            data: {
              id: newId(),
              username: input.username,
              email: input.email,
              passwordHash,
              createdAt: now(),
            },
            select: sessionUserSelect,
          });
          const { token, session } = await sessions.create(user.id, input, tx);
          return { user, token, expiresAt: session.expiresAt };
        });
      } catch (error) {
        // Two sign-ups of one name (in any case) or one email at once: the unique indexes refuse the second.
        if (isUniqueViolation(error)) {
          const onEmail = JSON.stringify(error.meta ?? {}).includes('email');
          throw onEmail
            ? new AuthError('email_taken', 'An account with that email already exists.', { field: 'email' })
            : new AuthError('username_taken', 'That username is taken.', { field: 'username' });
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
      await limiter.reset(accountKey);
      // Always a fresh session (never reuse one presented with the request): prevents fixation.
      const { token, session } = await sessions.create(user.id, input);
      const { passwordHash: _hash, ...sessionUser } = user;
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
        await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now() } });
        return sessions.create(user.id, input, tx);
      });
      return { token, expiresAt: session.expiresAt };
    },

    deleteExpiredSessions: () => sessions.deleteExpired(),
  };
}
