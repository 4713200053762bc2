// Who may see and change a series. A series is its owner's; readers see it through its parts:
// one they may read makes the series exist for them, and the parts they may not read (private
// or unpublished stories) are never listed, numbered or counted.
import type { Prisma } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import type { Db } from '../access';
import { publicStoryWhere } from '../story/story-summary';

/** Stories the caller may read: public ones, and their own (any role) when signed in. */
export function readableStoryWhere(userId: string | null): Prisma.StoryWhereInput {
  return userId ? { OR: [publicStoryWhere, { members: { some: { userId } } }] } : publicStoryWhere;
}

/**
 * The series for a change by its owner, locked: the UPDATE holds its row until the transaction
 * ends, so two edits of one series (two "add at the end") take turns and positions stay 1..n.
 * Others get not_found, or forbidden when they can see the series.
 */
export async function requireSeriesOwner(tx: Db, seriesId: string, userId: string, now: Date) {
  const series = await tx.series.findUnique({ where: { id: seriesId }, select: { id: true, ownerId: true } });
  if (!series) throw notFound('Series');
  if (series.ownerId !== userId) {
    const seen = await tx.seriesPart.count({ where: { seriesId, story: readableStoryWhere(userId) } });
    if (seen === 0) throw notFound('Series');
    throw new ServiceError('forbidden', 'Only the series’ author can change it.');
  }
  await tx.series.update({ where: { id: seriesId }, data: { updatedAt: now } });
  return series;
}

/** The series as a reader may see it: its owner always, others once one part is readable. */
export async function requireSeriesVisible(tx: Db, seriesId: string, userId: string | null) {
  const series = await tx.series.findUnique({
    where: { id: seriesId },
    select: {
      id: true,
      ownerId: true,
      title: true,
      summary: true,
      createdAt: true,
      updatedAt: true,
      owner: { select: { username: true, displayName: true } },
    },
  });
  if (!series) throw notFound('Series');
  if (series.ownerId !== userId) {
    const seen = await tx.seriesPart.count({ where: { seriesId, story: readableStoryWhere(userId) } });
    if (seen === 0) throw notFound('Series');
  }
  return series;
}
