// Read-through (docs/dashboard.md): how far a chapter's readers get. The chapter page reports the
// furthest passage a reader has had on screen (HistoryBeacon.svelte → /api/position). Per reader
// and UTC day one mark holds that passage, under a key that is a salted hash valid for the day
// (reader-salt.ts: guests by address + user agent, as their reads; members by their id); marks
// of past days are deleted by housekeeping with the salt, so no trail outlives the day. What stays
// is ReadThroughPassage: per passage, how many reader-days ended there.
//
// Bounded work per beacon, whatever the rate: beacons that cannot move a reader forward (the
// same or an earlier passage than this instance last saw from them, or more than one per
// MIN_GAP_MS) are dropped before the database; the others cost the chapter check (one query),
// the revision's passage order (kept in memory, revision-text.ts) and one short transaction of
// at most four single-row statements.
import type { Database } from '@margins/db';
import { requireChapterVisible } from '../access';
import { isBot } from '../guest/guest-read';
import { readerHash, utcDay } from '../guest/reader-salt';
import { revisionText } from '../reading/revision-text';

/** At most one beacon per reader and chapter this often reaches the database (the page sends one per 3 s at most). */
export const MIN_GAP_MS = 1000;
/** Readers remembered per instance for the check above; the oldest are forgotten first. */
const REMEMBERED = 50_000;

interface Seen {
  /** Furthest position this instance has recorded for the reader today, and when it last wrote. */
  position: number;
  revisionId: string;
  at: number;
}
const seen = new WeakMap<Database, Map<string, Seen>>();

function seenOf(db: Database): Map<string, Seen> {
  let map = seen.get(db);
  if (!map) seen.set(db, (map = new Map<string, Seen>()));
  return map;
}

/** The position of each text passage of a revision, in reading order (kept with the revision's text). */
const orders = new WeakMap<object, Map<string, number>>();
async function positionsOf(db: Database, revisionId: string): Promise<Map<string, number>> {
  const text = await revisionText(db, revisionId);
  let order = orders.get(text);
  if (!order) orders.set(text, (order = new Map(text.anchorPassages.map((p, i) => [p.key, i]))));
  return order;
}

export type ReadThroughOutcome =
  'counted' | 'moved' | 'repeat' | 'limited' | 'member' | 'bot' | 'unknown-passage';

export type Reader = { userId: string } | { userId: null; clientAddress: string; userAgent: string | null };

export async function recordReadThrough(options: {
  db: Database;
  chapterId: string;
  passageKey: string;
  reader: Reader;
  now: Date;
}): Promise<ReadThroughOutcome> {
  const { db, chapterId, passageKey, reader, now } = options;
  const day = utcDay(now);
  const hash =
    reader.userId === null
      ? await readerHash(db, now, reader.clientAddress, reader.userAgent ?? '')
      : await readerHash(db, now, `user:${reader.userId}`);
  const memo = `${chapterId}\n${day}\n${hash}`;
  const remembered = seenOf(db);
  const last = remembered.get(memo);
  if (last) {
    if (now.getTime() - last.at < MIN_GAP_MS) return 'limited';
    const known = orders.get(await revisionText(db, last.revisionId))?.get(passageKey);
    if (known !== undefined && known <= last.position) return 'repeat';
  }

  // The chapter first, so a bot's call on a chapter it may not read is as NOT_FOUND as anyone's.
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId: reader.userId, now });
  if (access.role !== null) return 'member';
  if (reader.userId === null && isBot(reader.userAgent)) return 'bot';
  const revisionId = access.chapter.publishedRevisionId;
  if (!access.live || !revisionId) return 'unknown-passage';
  const position = (await positionsOf(db, revisionId)).get(passageKey);
  if (position === undefined) return 'unknown-passage';

  const { outcome, furthest } = await db.prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "ReadThroughMark" ("chapterId", "day", "readerHash", "position", "passageKey")
      VALUES (${chapterId}, ${day}, ${hash}, ${position}, ${passageKey}) ON CONFLICT DO NOTHING`;
    let from: string | null = null;
    if (inserted === 0) {
      // The row is locked until the end of the transaction: two beacons of one reader (two tabs)
      // move the count one after the other, never both from the same passage.
      const [mark] = await tx.$queryRaw<{ position: number; passageKey: string }[]>`
        SELECT "position", "passageKey" FROM "ReadThroughMark"
         WHERE "chapterId" = ${chapterId} AND "day" = ${day} AND "readerHash" = ${hash} FOR UPDATE`;
      if (!mark || mark.position >= position)
        return { outcome: 'repeat' as const, furthest: mark?.position ?? position };
      from = mark.passageKey;
      await tx.$executeRaw`
        UPDATE "ReadThroughMark" SET "position" = ${position}, "passageKey" = ${passageKey}
         WHERE "chapterId" = ${chapterId} AND "day" = ${day} AND "readerHash" = ${hash}`;
      await tx.$executeRaw`
        UPDATE "ReadThroughPassage" SET "readers" = "readers" - 1
         WHERE "chapterId" = ${chapterId} AND "passageKey" = ${from} AND "readers" > 0`;
    }
    await tx.$executeRaw`
      INSERT INTO "ReadThroughPassage" ("chapterId", "passageKey", "readers") VALUES (${chapterId}, ${passageKey}, 1)
      ON CONFLICT ("chapterId", "passageKey") DO UPDATE SET "readers" = "ReadThroughPassage"."readers" + 1`;
    return { outcome: from === null ? ('counted' as const) : ('moved' as const), furthest: position };
  });

  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.delete(memo);
  remembered.set(memo, { position: furthest, revisionId, at: now.getTime() });
  return outcome;
}

/** Deletes the marks of past days (housekeeping), as guest-read marks are. */
export async function pruneReadThroughMarks(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.readThroughMark.deleteMany({ where: { day: { lt: utcDay(now) } } });
  return count;
}
