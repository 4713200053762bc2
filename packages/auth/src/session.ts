import type { Database } from '@margins/db';
import { digestsEqual, randomString, randomStringPattern, sha256 } from './random';

/** What callers may know about a signed-in user: an explicit pick, never the password hash or email. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string | null;
}

/** A session as shown on the "your devices" page: no secret material. */
export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

export type SessionValidation = { session: SessionInfo; user: SessionUser } | { session: null; user: null };

export interface SessionLifetime {
  /** A session unused this long expires (sliding window). Default 30 days. */
  inactivitySeconds: number;
  /** No session outlives this, however active (bounds a stolen token's life). Default 90 days. */
  absoluteSeconds: number;
  /** Expiry is pushed forward at most this often, to avoid a write per request. Default 1 day. */
  refreshIntervalSeconds: number;
}

const DAY = 24 * 60 * 60;
export const DEFAULT_SESSION_LIFETIME: Readonly<SessionLifetime> = Object.freeze({
  inactivitySeconds: 30 * DAY,
  absoluteSeconds: 90 * DAY,
  refreshIntervalSeconds: DAY,
});

// 24 symbols × 5 bits = 120 bits for each half of the token. The id half is a lookup key and may
// be shown to its owner (session list); the secret half is what proves possession.
const PART_LENGTH = 24;
const PART = randomStringPattern(PART_LENGTH);

export const sessionUserSelect = { id: true, username: true, displayName: true } as const;
const sessionInfoSelect = {
  id: true,
  createdAt: true,
  lastSeenAt: true,
  expiresAt: true,
  userAgent: true,
  ipAddress: true,
} as const;

export interface SessionMeta {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

type PrismaLike = Pick<Database['prisma'], 'session'>;

export interface SessionStore {
  create(
    userId: string,
    meta: SessionMeta,
    client?: PrismaLike,
  ): Promise<{ token: string; session: SessionInfo }>;
  validate(token: string): Promise<SessionValidation>;
  invalidate(sessionId: string): Promise<void>;
  invalidateAll(userId: string, client?: PrismaLike): Promise<void>;
  list(userId: string): Promise<SessionInfo[]>;
  revoke(userId: string, sessionId: string): Promise<boolean>;
  deleteExpired(): Promise<number>;
}

/** Splits `<id>.<secret>`; anything else (wrong shape, length or alphabet) is rejected without a query. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  if (typeof token !== 'string') return null;
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!PART.test(id) || !PART.test(secret)) return null;
  return { id, secret };
}

const clip = (value: string | undefined, max: number): string | null => (value ? value.slice(0, max) : null);

export function createSessionStore(db: Database, now: () => Date, lifetime: SessionLifetime): SessionStore {
  const ms = (seconds: number) => seconds * 1000;
  const absoluteEnd = (createdAt: Date) => new Date(createdAt.getTime() + ms(lifetime.absoluteSeconds));
  /** The sliding expiry, never past the absolute limit. */
  const expiryFrom = (at: Date, createdAt: Date) =>
    new Date(Math.min(at.getTime() + ms(lifetime.inactivitySeconds), absoluteEnd(createdAt).getTime()));

  return {
    async create(userId, meta, client = db.prisma) {
      const id = randomString(PART_LENGTH);
      const secret = randomString(PART_LENGTH);
      const createdAt = now();
      const session = await client.session.create({
        data: {
          id,
          // Only a SHA-256 of the secret is stored: a leaked database (or backup) yields no usable
          // tokens. The secret has 120 bits of entropy, so a fast unsalted hash is enough here;
          // argon2 is for low-entropy human passwords.
          secretHash: sha256(secret),
          userId,
          createdAt,
          lastSeenAt: createdAt,
          expiresAt: expiryFrom(createdAt, createdAt),
          userAgent: clip(meta.userAgent, 512),
          ipAddress: clip(meta.ip, 64),
        },
        select: sessionInfoSelect,
      });
      return { token: `${id}.${secret}`, session };
    },

    async validate(token) {
      const parts = parseSessionToken(token);
      if (!parts) return { session: null, user: null };
      const row = await db.prisma.session.findUnique({
        where: { id: parts.id },
        select: {
          ...sessionInfoSelect,
          secretHash: true,
          user: { select: { ...sessionUserSelect, suspendedAt: true } },
        },
      });
      if (!row) return { session: null, user: null };
      // Compare digests in constant time so response timing leaks nothing about the stored hash.
      // A wrong secret does not delete the row: whoever knows only the id must not be able to
      // log its owner out.
      if (!digestsEqual(sha256(parts.secret), row.secretHash)) return { session: null, user: null };

      const at = now();
      if (at >= row.expiresAt || at >= absoluteEnd(row.createdAt)) {
        await db.prisma.session.deleteMany({ where: { id: row.id } });
        return { session: null, user: null };
      }

      // Suspending deletes the account's sessions; this refuses any made since (a password reset
      // signs in), so a suspended account never has a working session.
      if (row.user.suspendedAt) {
        await db.prisma.session.deleteMany({ where: { id: row.id } });
        return { session: null, user: null };
      }
      const { secretHash: _secretHash, user: suspendable, ...session } = row;
      const { suspendedAt: _suspendedAt, ...user } = suspendable;
      // `lastSeenAt` doubles as "last extended": write only once per refresh interval.
      if (at.getTime() - row.lastSeenAt.getTime() >= ms(lifetime.refreshIntervalSeconds)) {
        session.lastSeenAt = at;
        session.expiresAt = expiryFrom(at, row.createdAt);
        // updateMany: a concurrent logout may have deleted the row; that is not an error.
        await db.prisma.session.updateMany({
          where: { id: row.id },
          data: { lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt },
        });
      }
      return { session, user };
    },

    async invalidate(sessionId) {
      await db.prisma.session.deleteMany({ where: { id: sessionId } });
    },

    async invalidateAll(userId, client = db.prisma) {
      await client.session.deleteMany({ where: { userId } });
    },

    async list(userId) {
      const at = now();
      return db.prisma.session.findMany({
        where: {
          userId,
          expiresAt: { gt: at },
          createdAt: { gt: new Date(at.getTime() - ms(lifetime.absoluteSeconds)) },
        },
        orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }],
        select: sessionInfoSelect,
      });
    },

    async revoke(userId, sessionId) {
      // The userId condition is the authorization check: another user's session id matches no row.
      const { count } = await db.prisma.session.deleteMany({ where: { id: sessionId, userId } });
      return count > 0;
    },

    async deleteExpired() {
      const at = now();
      const { count } = await db.prisma.session.deleteMany({
        where: {
          OR: [
            { expiresAt: { lte: at } },
            { createdAt: { lte: new Date(at.getTime() - ms(lifetime.absoluteSeconds)) } },
          ],
        },
      });
      return count;
    },
  };
}
