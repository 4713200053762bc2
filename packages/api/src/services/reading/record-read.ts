// A Read: a reader opening a chapter, counted once per reader per chapter per 24 hours and
// never for the story's members. The rollups (ChapterStat, DailyStat, readers) follow from the
// ChapterRead row by trigger, in the same transaction.
import { type Database, newId } from '@margins/db';
import { requireChapterVisible } from '../access';

export const READ_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RecordReadResult {
  counted: boolean;
  /** Why a read was not counted: the caller is a member, or read this chapter in the last 24 h. */
  reason: 'member' | 'recent' | null;
}

export async function recordRead(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<RecordReadResult> {
  const { db, userId, chapterId, now } = options;
  // Readers may only record reads of chapters they can see (a live chapter of a public story).
  const { role } = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  if (role !== null) return { counted: false, reason: 'member' };
  const since = new Date(now.getTime() - READ_WINDOW_MS);
  return db.prisma.$transaction(async (tx) => {
    // Two tabs opening the chapter at once must not both pass the check below: the advisory
    // lock serialises check-and-insert per (reader, chapter) until this transaction ends.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${userId}), hashtext(${chapterId}))`;
    const recent = await tx.chapterRead.findFirst({
      where: { userId, chapterId, readAt: { gt: since } },
      select: { id: true },
    });
    if (recent) return { counted: false, reason: 'recent' as const };
    await tx.chapterRead.create({ data: { id: newId(), userId, chapterId, readAt: now } });
    return { counted: true, reason: null };
  });
}
