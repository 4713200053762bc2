import type { Database } from '@margins/db';
import { requireChapterVisible } from '../access';
import { chapterChannel } from './channel';
import { liveAccess } from './live-access';

/** The channel of a chapter the caller may read (not_found otherwise): the SSE endpoint's check. */
export async function liveChannel(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  now: Date;
}): Promise<{ chapterId: string; channel: string }> {
  const { db, userId, chapterId, now } = options;
  await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  return { chapterId, channel: chapterChannel(chapterId) };
}

/** The access re-check of a stream opened on `chapterId` by `userId` (null = anonymous). */
export function liveAccessCheck(options: {
  db: Database;
  chapterId: string;
  userId: string | null;
}): (fresh: boolean) => Promise<boolean> {
  const { db, chapterId, userId } = options;
  const access = liveAccess(db);
  return (fresh) => access.allowed(chapterId, userId, fresh);
}
