// The author's side of a series (/write/series, and "add this work to a series" from a story's
// settings): each intent one service in one transaction. Positions stay 1..n without gaps;
// every change locks the series row first (requireSeriesOwner), so concurrent edits take turns.
import { type Database, newId } from '@margins/db';
import { ServiceError } from '../../errors';
import { EDITORS, isStoryPublic, requireStoryRole, type Db, storyRefSelect } from '../access';
import { inTransaction } from '../transaction';
import { requireSeriesOwner } from '../access';

interface Actor {
  db: Database;
  userId: string;
  now: Date;
}

/** Puts the story at `position` (default: at the end), moving later parts one down. */
async function insertPart(tx: Db, userId: string, seriesId: string, storyId: string, position?: number) {
  // Only a work the caller writes (owner or co-author) goes into their series.
  await requireStoryRole({ db: tx, storyId, userId, roles: EDITORS });
  const existing = await tx.seriesPart.findUnique({
    where: { seriesId_storyId: { seriesId, storyId } },
    select: { position: true },
  });
  if (existing) throw new ServiceError('conflict', 'This work is already in the series.');
  const count = await tx.seriesPart.count({ where: { seriesId } });
  const at = Math.min(position ?? count + 1, count + 1);
  await tx.seriesPart.updateMany({
    where: { seriesId, position: { gte: at } },
    data: { position: { increment: 1 } },
  });
  await tx.seriesPart.create({ data: { seriesId, storyId, position: at } });
  return at;
}

export async function createSeries(
  options: Actor & { title: string; summary?: string; storyId?: string },
): Promise<{ id: string; position: number | null }> {
  const { db, userId, now, storyId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    const id = newId();
    await tx.series.create({
      data: { id, ownerId: userId, title: options.title, summary: options.summary ?? '', createdAt: now },
    });
    const position = storyId ? await insertPart(tx, userId, id, storyId) : null;
    return { id, position };
  });
}

export async function updateSeries(
  options: Actor & { seriesId: string; title?: string; summary?: string },
): Promise<{ id: string }> {
  const { db, userId, now, seriesId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    await requireSeriesOwner(tx, seriesId, userId, now);
    await tx.series.update({
      where: { id: seriesId },
      data: {
        ...(options.title === undefined ? {} : { title: options.title }),
        ...(options.summary === undefined ? {} : { summary: options.summary }),
      },
    });
    return { id: seriesId };
  });
}

/** The series and its subscriptions go; the stories stay. */
export async function deleteSeries(options: Actor & { seriesId: string }): Promise<{ deleted: true }> {
  const { db, userId, now, seriesId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    await requireSeriesOwner(tx, seriesId, userId, now);
    await tx.series.delete({ where: { id: seriesId } });
    return { deleted: true as const };
  });
}

export async function addSeriesPart(
  options: Actor & { seriesId: string; storyId: string; position?: number },
): Promise<{ position: number }> {
  const { db, userId, now, seriesId, storyId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    await requireSeriesOwner(tx, seriesId, userId, now);
    return { position: await insertPart(tx, userId, seriesId, storyId, options.position) };
  });
}

/** Takes the story out of the series; the parts after it move up. The story itself stays. */
export async function removeSeriesPart(
  options: Actor & { seriesId: string; storyId: string },
): Promise<{ removed: boolean }> {
  const { db, userId, now, seriesId, storyId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    await requireSeriesOwner(tx, seriesId, userId, now);
    const part = await tx.seriesPart.findUnique({
      where: { seriesId_storyId: { seriesId, storyId } },
      select: { position: true },
    });
    if (!part) return { removed: false };
    await tx.seriesPart.delete({ where: { seriesId_storyId: { seriesId, storyId } } });
    await tx.seriesPart.updateMany({
      where: { seriesId, position: { gt: part.position } },
      data: { position: { decrement: 1 } },
    });
    return { removed: true };
  });
}

/** Moves a part to `position` (clamped to the series' length); the parts between shift by one. */
export async function moveSeriesPart(
  options: Actor & { seriesId: string; storyId: string; position: number },
): Promise<{ position: number }> {
  const { db, userId, now, seriesId, storyId } = options;
  return inTransaction(db, async ({ prisma: tx }) => {
    await requireSeriesOwner(tx, seriesId, userId, now);
    const part = await tx.seriesPart.findUnique({
      where: { seriesId_storyId: { seriesId, storyId } },
      select: { position: true },
    });
    if (!part) throw new ServiceError('not_found', 'This work is not in the series.');
    const count = await tx.seriesPart.count({ where: { seriesId } });
    const to = Math.min(options.position, count);
    const from = part.position;
    if (to === from) return { position: to };
    await tx.seriesPart.updateMany({
      where:
        to > from
          ? { seriesId, position: { gt: from, lte: to } }
          : { seriesId, position: { gte: to, lt: from } },
      data: { position: to > from ? { decrement: 1 } : { increment: 1 } },
    });
    await tx.seriesPart.update({
      where: { seriesId_storyId: { seriesId, storyId } },
      data: { position: to },
    });
    return { position: to };
  });
}

/** The author's series with every part (private ones marked), for /write/series. */
export async function mySeries(options: { db: Database; userId: string }) {
  const rows = await options.db.prisma.series.findMany({
    where: { ownerId: options.userId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      title: true,
      summary: true,
      parts: {
        orderBy: { position: 'asc' },
        select: {
          position: true,
          story: {
            select: storyRefSelect,
          },
        },
      },
    },
  });
  return rows.map((s) => ({
    ...s,
    parts: s.parts.map((p) => ({
      position: p.position,
      story: { id: p.story.id, slug: p.story.slug, title: p.story.title, public: isStoryPublic(p.story) },
    })),
  }));
}
