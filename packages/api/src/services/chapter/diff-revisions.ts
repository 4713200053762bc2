import { diffLines, diffWords } from 'diff';
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { MEMBERS, requireChapterRole } from '../access';

export interface RevisionDiff {
  from: { number: number; createdAt: Date; wordCount: number };
  to: { number: number; createdAt: Date; wordCount: number };
  /** 'words' unless the revisions differ too much for a word diff, then 'lines'. */
  granularity: 'words' | 'lines';
  /** The canonical markup of `from` → `to`, as runs of kept, added and removed text. */
  changes: { op: 'same' | 'added' | 'removed'; value: string }[];
  /** Passage keys: what readers' comments will notice. */
  passages: { added: string[]; removed: string[]; changed: string[]; unchanged: number };
}

// Word diffs are quadratic in the size of the change; past this many edits a line diff is clearer anyway.
const MAX_WORD_EDITS = 4_000;

/** Compares two revisions of a chapter (by number); members only. */
export async function diffRevisions(options: {
  db: Database;
  userId: string;
  chapterId: string;
  from: number;
  to: number;
  now: Date;
}): Promise<RevisionDiff> {
  const { db, userId, chapterId, from, to, now } = options;
  await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: MEMBERS });
  const revisions = await db.prisma.chapterRevision.findMany({
    where: { chapterId, number: { in: [from, to] } },
    select: {
      number: true,
      createdAt: true,
      wordCount: true,
      markup: true,
      segments: { select: { passages: { select: { key: true, hash: true } } } },
    },
  });
  const a = revisions.find((r) => r.number === from);
  const b = revisions.find((r) => r.number === to);
  if (!a || !b) throw notFound('Revision');

  const hashes = (r: typeof a) => r.segments.flatMap((s) => s.passages);
  const meta = (r: typeof a) => ({ number: r.number, createdAt: r.createdAt, wordCount: r.wordCount });
  return {
    from: meta(a),
    to: meta(b),
    ...diffMarkup({ markup: a.markup, passages: hashes(a) }, { markup: b.markup, passages: hashes(b) }),
  };
}

export type MarkupDiff = Omit<RevisionDiff, 'from' | 'to'>;

/** Two versions of a chapter's canonical markup and passages compared (also for a preview). */
export function diffMarkup(
  a: { markup: string; passages: { key: string; hash: string }[] },
  b: { markup: string; passages: { key: string; hash: string }[] },
): MarkupDiff {
  const words = diffWords(a.markup, b.markup, { maxEditLength: MAX_WORD_EDITS });
  const raw = words ?? diffLines(a.markup, b.markup);
  const before = new Map(a.passages.map((p) => [p.key, p.hash]));
  const after = new Map(b.passages.map((p) => [p.key, p.hash]));
  const passages = { added: [] as string[], removed: [] as string[], changed: [] as string[], unchanged: 0 };
  for (const [key, hash] of after) {
    const old = before.get(key);
    if (old === undefined) passages.added.push(key);
    else if (old !== hash) passages.changed.push(key);
    else passages.unchanged++;
  }
  for (const key of before.keys()) if (!after.has(key)) passages.removed.push(key);
  return {
    granularity: words ? 'words' : 'lines',
    changes: raw.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', value: c.value })),
    passages,
  };
}
