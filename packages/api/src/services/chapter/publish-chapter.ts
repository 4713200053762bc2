// Publishing freezes what readers see: publishedRevisionId is set to the current revision, and
// later edits stay drafts until the chapter is published again. Each change also records which
// revisions readers can read (public-revisions.ts) in the same transaction.
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { EDITORS, requireChapterRole, type Db } from '../access';
import { enqueueAnnouncement } from '../follow/announce';
import { inTransaction } from '../transaction';
import { recordPublicRevisions } from './public-revisions';

export interface ChapterPublication {
  id: string;
  status: 'draft' | 'scheduled' | 'published';
  publishAt: Date | null;
  publishedAt: Date | null;
  publishedRevisionId: string | null;
}

const select = {
  id: true,
  status: true,
  publishAt: true,
  publishedAt: true,
  publishedRevisionId: true,
} as const;

type PublicationChange = {
  status: ChapterPublication['status'];
  publishAt: Date | null;
  publishedAt: Date | null;
  publishedRevisionId: string | null;
};

async function update(
  tx: Db,
  storyId: string,
  chapterId: string,
  data: PublicationChange,
  now: Date,
): Promise<ChapterPublication> {
  const chapter = await tx.chapter.update({ where: { id: chapterId }, data, select });
  await recordPublicRevisions(tx, storyId, now);
  // Subscribers hear of it at once (services/follow/announce.ts; a no-op if told before or not public).
  if (data.status === 'published') await enqueueAnnouncement(tx, chapterId);
  return chapter;
}

export async function publishChapter(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<ChapterPublication> {
  const { db, userId, chapterId, now } = options;
  return inTransaction(db, async ({ prisma }) => {
    const { chapter } = await requireChapterRole({ db: prisma, chapterId, userId, now, roles: EDITORS });
    return update(
      prisma,
      chapter.storyId,
      chapterId,
      {
        status: 'published',
        publishedRevisionId: chapter.currentRevisionId,
        publishAt: null,
        publishedAt: chapter.publishedAt ?? now,
      },
      now,
    );
  });
}

/** Readers see the current revision from `publishAt` on; checked when they read, no job runs. */
export async function scheduleChapter(options: {
  db: Database;
  userId: string;
  chapterId: string;
  publishAt: Date;
  now: Date;
}): Promise<ChapterPublication> {
  const { db, userId, chapterId, publishAt, now } = options;
  if (publishAt <= now) {
    throw new ServiceError('invalid', 'Choose a time in the future, or publish now.', {
      fieldErrors: { publishAt: ['Must be in the future.'] },
    });
  }
  return inTransaction(db, async ({ prisma, live }) => {
    const { chapter } = await requireChapterRole({ db: prisma, chapterId, userId, now, roles: EDITORS });
    const scheduled = await update(
      prisma,
      chapter.storyId,
      chapterId,
      {
        status: 'scheduled',
        publishAt,
        publishedAt: publishAt,
        publishedRevisionId: chapter.currentRevisionId,
      },
      now,
    );
    // A live chapter scheduled again is hidden until then: its readers' streams end.
    live.accessChange([chapterId]);
    return scheduled;
  });
}

/** Back to draft: readers no longer see it. Comments and reviews are kept. */
export async function unpublishChapter(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<ChapterPublication> {
  const { db, userId, chapterId, now } = options;
  return inTransaction(db, async ({ prisma, live }) => {
    const { chapter } = await requireChapterRole({ db: prisma, chapterId, userId, now, roles: EDITORS });
    const unpublished = await update(
      prisma,
      chapter.storyId,
      chapterId,
      { status: 'draft', publishAt: null, publishedAt: null, publishedRevisionId: null },
      now,
    );
    live.accessChange([chapterId]);
    return unpublished;
  });
}
