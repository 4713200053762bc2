import { newId, type Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { requireChapterVisible, assertNotBlocked } from '../access';
import { excerpt, notify, storyAuthorIds } from '../notification/notify';
import { enforceRateLimit } from '../rate-limits';
import { inTransaction } from '../transaction';

export type Verdict = 'yay' | 'nay';

export interface ReviewInput {
  verdict: Verdict;
  /** Aspect ratings 1–5; omitted = not rated. */
  pacing?: number;
  characters?: number;
  povClarity?: number;
  prose?: number;
  body?: string;
}

/**
 * One review per reader per chapter: the first call creates it (and notifies the authors), later
 * calls replace it. The story's members cannot review their own story. A review a moderator hid
 * stays hidden when its author edits it.
 */
export async function upsertReview(
  options: { db: Database; userId: string; chapterId: string; now: Date } & ReviewInput,
): Promise<{ id: string; created: boolean; status: 'visible' | 'hidden' | 'deleted' | 'pending' }> {
  const { db, userId, chapterId, now, verdict } = options;
  const { story, role, chapter } = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  if (role !== null) throw new ServiceError('forbidden', 'Members of a story cannot review it.');
  await assertNotBlocked(db.prisma, story.id, userId);
  await enforceRateLimit({ db, userId, action: 'review', now });

  const data = {
    verdict,
    pacing: options.pacing ?? null,
    characters: options.characters ?? null,
    povClarity: options.povClarity ?? null,
    prose: options.prose ?? null,
    body: options.body ?? '',
  };
  return inTransaction(db, async ({ prisma: tx, live }) => {
    const existing = await tx.review.findUnique({
      where: { chapterId_authorId: { chapterId, authorId: userId } },
      select: { id: true, status: true },
    });
    if (existing) {
      if (existing.status === 'deleted')
        throw new ServiceError('forbidden', 'Your review of this chapter was removed by the author.');
      await tx.review.update({ where: { id: existing.id }, data });
      live.chapterEvent({ kind: 'review.updated', chapterId, reviewId: existing.id });
      return { id: existing.id, created: false, status: existing.status };
    }
    const id = newId();
    await tx.review.create({ data: { id, chapterId, authorId: userId, ...data, createdAt: now } });
    const actor = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    await notify(tx, {
      at: now,
      recipients: await storyAuthorIds(tx, story.id),
      actorId: userId,
      kind: 'review',
      storyId: story.id,
      chapterId,
      targetId: id,
      summary: `${actor.username} reviewed “${chapter.title}”: ${verdict === 'yay' ? 'yay' : 'nay'}${data.body ? ` — ${excerpt(data.body)}` : ''}`,
    });
    live.chapterEvent({ kind: 'review.created', chapterId, reviewId: id });
    return { id, created: true, status: 'visible' as const };
  });
}
