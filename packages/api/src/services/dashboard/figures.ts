// The figures every dashboard view shows, built from the rollup rows (ChapterStat & co.).
export type CommentType = 'reaction' | 'critique' | 'typo';
export const COMMENT_TYPES: readonly CommentType[] = ['reaction', 'critique', 'typo'];
export type Aspect = 'pacing' | 'characters' | 'povClarity' | 'prose';
export const ASPECTS: readonly Aspect[] = ['pacing', 'characters', 'povClarity', 'prose'];

export interface ByType {
  reaction: number;
  critique: number;
  typo: number;
}

export interface AspectAverage {
  /** Mean of the ratings given (1–5), or null when nobody rated this aspect. */
  average: number | null;
  ratings: number;
}

export interface Figures {
  /** Reads: once per reader per chapter per 24 hours, never the story's members. */
  reads: number;
  /** Distinct readers with at least one read. */
  readers: number;
  reviews: number;
  yays: number;
  nays: number;
  aspects: Record<Aspect, AspectAverage>;
  comments: number;
  byType: ByType;
}

/** A ChapterStat row, or a sum of several (all fields are counts or sums). */
export interface StatRow {
  reads: number;
  readers: number;
  reviews: number;
  yays: number;
  nays: number;
  pacingSum: number;
  pacingCount: number;
  charactersSum: number;
  charactersCount: number;
  povClaritySum: number;
  povClarityCount: number;
  proseSum: number;
  proseCount: number;
  comments: number;
  reactions: number;
  critiques: number;
  typos: number;
}

export const STAT_FIELDS = [
  'reads',
  'readers',
  'reviews',
  'yays',
  'nays',
  'pacingSum',
  'pacingCount',
  'charactersSum',
  'charactersCount',
  'povClaritySum',
  'povClarityCount',
  'proseSum',
  'proseCount',
  'comments',
  'reactions',
  'critiques',
  'typos',
] as const satisfies readonly (keyof StatRow)[];

type StatField = (typeof STAT_FIELDS)[number];

/** `{ field: true }` for each field: a Prisma `select` or `_sum` of the rollup's columns. */
export function selectStats<F extends StatField>(fields: readonly F[]): Record<F, true> {
  return Object.fromEntries(fields.map((f) => [f, true])) as Record<F, true>;
}

/** Everything but `readers`, which is a story's own count (StoryStat), not a sum of chapters'. */
export const SUMMED_STAT_FIELDS = STAT_FIELDS.filter(
  (f): f is Exclude<StatField, 'readers'> => f !== 'readers',
);

export function emptyStat(): StatRow {
  return Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as unknown as StatRow;
}

export function addStats(rows: readonly StatRow[]): StatRow {
  const total = emptyStat();
  for (const row of rows) for (const f of STAT_FIELDS) total[f] += row[f];
  return total;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const average = (sum: number, count: number): AspectAverage => ({
  average: count > 0 ? round2(sum / count) : null,
  ratings: count,
});

export function toFigures(row: StatRow): Figures {
  return {
    reads: row.reads,
    readers: row.readers,
    reviews: row.reviews,
    yays: row.yays,
    nays: row.nays,
    aspects: {
      pacing: average(row.pacingSum, row.pacingCount),
      characters: average(row.charactersSum, row.charactersCount),
      povClarity: average(row.povClaritySum, row.povClarityCount),
      prose: average(row.proseSum, row.proseCount),
    },
    comments: row.comments,
    byType: { reaction: row.reactions, critique: row.critiques, typo: row.typos },
  };
}

/** Share of `part` in `whole` as a fraction (0–1), or null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}

/** The revision the dashboard shows for a chapter: what readers see, else the draft. */
export function shownRevisionId(chapter: {
  publishedRevisionId: string | null;
  currentRevisionId: string | null;
}): string | null {
  return chapter.publishedRevisionId ?? chapter.currentRevisionId;
}
