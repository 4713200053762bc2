import type { Database } from '@margins/db';
import { upsertReview, type Verdict } from './upsert-review';

/**
 * The one-tap verdict of a signed-in reader: creates their review with just a verdict, or changes
 * the verdict of the review they have and keeps its ratings and text.
 */
export async function setVerdict(options: {
  db: Database;
  userId: string;
  chapterId: string;
  verdict: Verdict;
  now: Date;
}) {
  const { db, userId, chapterId } = options;
  const kept = await db.prisma.review.findUnique({
    where: { chapterId_authorId: { chapterId, authorId: userId } },
    select: { pacing: true, characters: true, povClarity: true, prose: true, body: true },
  });
  const or = (v: number | null | undefined) => v ?? undefined;
  return upsertReview({
    ...options,
    pacing: or(kept?.pacing),
    characters: or(kept?.characters),
    povClarity: or(kept?.povClarity),
    prose: or(kept?.prose),
    body: kept?.body || undefined,
  });
}
