import type { Database } from '@margins/db';
import { requireChapterVisible } from '../access';
import { chapterChannel } from './channel';

/** The channel of a chapter the caller may read (not_found otherwise): the SSE endpoint's check. */
export async function liveChannel(options: { db: Database; userId: string | null; chapterId: string; now: Date }): Promise<{ chapterId: string; channel: string }> {
  const { db, userId, chapterId, now } = options;
  await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  return { chapterId, channel: chapterChannel(chapterId) };
}
