// The other half of the conflict check in edit-chapter: when a save is refused because
// someone else saved meanwhile, this shows what each side changed since the common base and
// proposes a three-way merge. It writes nothing; the author reviews the merge and saves it on
// top of the newer revision.
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { EDITORS, requireChapterRole } from '../access';
import { markupChanges, threeWayMerge, type Change } from './three-way-merge';

export interface RevisionRef {
  id: string;
  number: number;
  createdAt: Date;
  author: { username: string; displayName: string | null };
}

export interface ChapterConflict {
  /** Whether the base is still the current revision (then there is nothing to merge). */
  stale: boolean;
  base: RevisionRef;
  current: RevisionRef & { markup: string };
  /** Revisions saved after the base, oldest first: who changed what meanwhile. */
  landed: RevisionRef[];
  /** base → current: what the others changed. */
  theirs: { granularity: 'words' | 'lines'; changes: Change[] };
  /** base → your text. */
  yours: { granularity: 'words' | 'lines'; changes: Change[] };
  /** current → your text: what saving your text as it is would do to theirs. */
  overwrite: { granularity: 'words' | 'lines'; changes: Change[] };
  /** Your changes applied on top of the current revision; conflicts are marked. */
  merged: { markup: string; conflicts: number; baseRevisionId: string };
}

const refSelect = {
  id: true,
  number: true,
  createdAt: true,
  author: { select: { username: true, displayName: true } },
} as const;

export async function mergeChapterEdit(options: {
  db: Database;
  userId: string;
  chapterId: string;
  baseRevisionId: string;
  markup: string;
  now: Date;
}): Promise<ChapterConflict> {
  const { db, userId, chapterId, baseRevisionId, markup, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  const base = await db.prisma.chapterRevision.findFirst({
    where: { id: baseRevisionId, chapterId },
    select: { ...refSelect, markup: true },
  });
  if (!base || !chapter.currentRevisionId) throw notFound('Revision');
  const current = await db.prisma.chapterRevision.findUniqueOrThrow({
    where: { id: chapter.currentRevisionId },
    select: { ...refSelect, markup: true },
  });
  const landed = await db.prisma.chapterRevision.findMany({
    where: { chapterId, number: { gt: base.number } },
    orderBy: { number: 'asc' },
    select: refSelect,
  });
  const who = current.author.displayName ?? current.author.username;
  const merged = threeWayMerge({
    base: base.markup,
    mine: markup,
    theirs: current.markup,
    theirsLabel: `revision ${current.number} by ${who}`,
  });
  const { markup: _baseMarkup, ...baseRef } = base;
  return {
    stale: base.id !== current.id,
    base: baseRef,
    current,
    landed,
    theirs: markupChanges(base.markup, current.markup),
    yours: markupChanges(base.markup, markup),
    overwrite: markupChanges(current.markup, markup),
    merged: { ...merged, baseRevisionId: current.id },
  };
}
