// Readers without an account are told apart (per-address limits, unique reads) by a keyed hash
// of their address with a secret salt that exists for one UTC day. Housekeeping deletes older
// salts, so once a day is over nobody — not even the database's owner — can recompute which
// address a stored hash came from by trying addresses. Nothing stores the address itself.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Database } from '@margins/db';

/** The UTC day `now` falls in, as YYYY-MM-DD (the salt's key). */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

// One lookup per instance per day; every instance reads the same row (the insert below is a race
// the database settles: the first salt written for a day wins).
const cached = new WeakMap<Database, { day: string; salt: string }>();

export async function daySalt(db: Database, now: Date): Promise<string> {
  const day = utcDay(now);
  const hit = cached.get(db);
  if (hit && hit.day === day) return hit.salt;
  await db.prisma
    .$executeRaw`INSERT INTO "ReaderSalt" ("day", "salt") VALUES (${day}, ${randomBytes(32).toString('base64url')}) ON CONFLICT ("day") DO NOTHING`;
  const row = await db.prisma.readerSalt.findUniqueOrThrow({ where: { day }, select: { salt: true } });
  cached.set(db, { day, salt: row.salt });
  return row.salt;
}

/** A key for one address (and user agent, when given) that is valid for today only. */
export async function readerHash(db: Database, now: Date, address: string, userAgent = ''): Promise<string> {
  const salt = await daySalt(db, now);
  return createHmac('sha256', salt).update(`${address}\n${userAgent}`).digest('base64url');
}

/** Deletes every salt but today's: yesterday's hashes can no longer be tied to an address. */
export async function pruneReaderSalts(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.readerSalt.deleteMany({ where: { day: { lt: utcDay(now) } } });
  return count;
}

/** A browser's key for one chapter: its random cookie hashed with the chapter id. */
export const browserKey = (browserSecret: string, chapterId: string): string =>
  createHash('sha256').update(`${browserSecret}\n${chapterId}`).digest('base64url');

/** A new browser secret for the `margins_guest` cookie. */
export const newBrowserSecret = (): string => randomBytes(24).toString('base64url');
