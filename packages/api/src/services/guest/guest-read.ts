// Reads from readers without an account (docs/dashboard.md, "Reads"): unique per chapter per UTC
// day by an HMAC of address + user agent under today's salt (reader-salt.ts), which is destroyed
// once the day is over; today's marks are deleted with it, so only the daily count remains.
// Known bots and prefetches are not counted. Members' reads are counted as before (record-read.ts).
import type { Database } from '@margins/db';
import { requireChapterVisible } from '../access';
import { readerHash, utcDay } from './reader-salt';

// Crawlers, link previews, monitors and scripts, by the words their user agents carry.
const BOT =
  /bot|crawl|spider|slurp|archiver|fetch|scan|monitor|preview|facebookexternalhit|embedly|whatsapp|telegram|discord|lighthouse|headless|python|curl|wget|httpclient|okhttp|axios|node-fetch|go-http|java\//i;

/** A user agent that is a bot (or none at all: browsers always send one). */
export const isBot = (userAgent: string | null): boolean => !userAgent || BOT.test(userAgent);

/** A speculative load (link prefetch or prerender), which is nobody reading yet. */
export function isPrefetch(headers: { get(name: string): string | null }): boolean {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''}`;
  return /prefetch|prerender/i.test(purpose);
}

export type GuestReadOutcome = 'counted' | 'repeat' | 'bot';

export async function recordGuestRead(options: {
  db: Database;
  chapterId: string;
  clientAddress: string;
  userAgent: string | null;
  now: Date;
}): Promise<GuestReadOutcome> {
  const { db, chapterId, now } = options;
  // Only chapters a guest may read (a live chapter of a public story) are counted; checked
  // first, so a bot's call on a private chapter is as NOT_FOUND as anyone's.
  await requireChapterVisible({ db: db.prisma, chapterId, userId: null, now });
  if (isBot(options.userAgent)) return 'bot';
  const day = utcDay(now);
  const hash = await readerHash(db, now, options.clientAddress, options.userAgent ?? '');
  // The mark and the count in one statement: a second read the same day inserts no mark, so
  // nothing is added; two at once are settled by the mark's primary key.
  const added = await db.prisma.$executeRaw`
    WITH mark AS (
      INSERT INTO "GuestReadMark" ("chapterId", "day", "readerHash") VALUES (${chapterId}, ${day}, ${hash})
      ON CONFLICT DO NOTHING RETURNING 1
    )
    INSERT INTO "GuestReadDay" ("chapterId", "day", "reads") SELECT ${chapterId}, ${day}, 1 FROM mark
    ON CONFLICT ("chapterId", "day") DO UPDATE SET "reads" = "GuestReadDay"."reads" + 1`;
  return added > 0 ? 'counted' : 'repeat';
}

/** Deletes the marks of past days (housekeeping), with the salt they were made with. */
export async function pruneGuestReadMarks(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.guestReadMark.deleteMany({ where: { day: { lt: utcDay(now) } } });
  return count;
}

/** Guests' reads per chapter of the given chapters, all days added up. */
export async function guestReadCounts(db: Database, chapterIds: string[]): Promise<Map<string, number>> {
  if (chapterIds.length === 0) return new Map();
  const rows = await db.prisma.guestReadDay.groupBy({
    by: ['chapterId'],
    where: { chapterId: { in: chapterIds } },
    _sum: { reads: true },
  });
  return new Map(rows.map((r) => [r.chapterId, r._sum.reads ?? 0]));
}
