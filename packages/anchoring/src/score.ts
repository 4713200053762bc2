// Candidate scoring. Weights are Hypothesis's (client/src/annotator/anchoring/match-quote):
// the quote itself dominates, prefix and suffix together weigh almost as much, and position
// only breaks ties. Every component is a similarity in 0..1 and the sum is normalised, so a
// score is comparable across quotes of any length and can be tested against one threshold.

export const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const TOTAL = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

export function combine(quote: number, prefix: number, suffix: number, position: number): number {
  const raw =
    WEIGHTS.quote * quote + WEIGHTS.prefix * prefix + WEIGHTS.suffix * suffix + WEIGHTS.position * position;
  return raw / TOTAL;
}

/**
 * Raw similarity that two *unrelated* stretches of English reach anyway under an
 * edit-distance alignment (shared spaces, vowels, "the"): over all pairs of unrelated 32-char
 * windows of the golden chapter the median is 0.25, the 95th percentile 0.375, the max 0.5.
 * Context similarity is rescaled so that this chance level scores ~0 — otherwise a common
 * phrase that survives verbatim in some *other* paragraph would collect ~0.3 × 40 context
 * points for nothing and clear the threshold.
 */
export const CHANCE_SIMILARITY = 0.4;

/**
 * Edit distance between `expected` and the best-matching *start* of `actual`: both strings
 * are read outward from the quote, so the alignment is pinned at the quote edge and free at
 * the far end (context that merely shifted by an insertion costs the insertion, not the
 * whole window). Strings are at most ~40 chars, so the O(n·m) table is cheap.
 */
export function anchoredDistance(expected: string, actual: string): number {
  return editDistance(expected, actual, true);
}

/** Plain Levenshtein distance (used to re-score a fuzzy match after snapping it to words). */
export function levenshtein(a: string, b: string): number {
  return editDistance(a, b, false);
}

function editDistance(expected: string, actual: string, freeEnd: boolean): number {
  const m = expected.length;
  const n = actual.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ch = expected.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = (prev[j - 1] as number) + (ch === actual.charCodeAt(j - 1) ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  if (!freeEnd) return prev[n] as number;
  let best = m;
  for (let j = 0; j <= n; j++) if ((prev[j] as number) < best) best = prev[j] as number;
  return best;
}

/** Raw 1 − distance/length similarity of context read outward from the quote edge. */
export function rawContextSimilarity(expected: string, actual: string): number {
  if (expected.length === 0) return actual.length === 0 ? 1 : 0;
  return Math.max(0, 1 - anchoredDistance(expected, actual) / expected.length);
}

/** Chance-corrected context similarity (see CHANCE_SIMILARITY). */
export function contextSimilarity(expected: string, actual: string): number {
  const raw = rawContextSimilarity(expected, actual);
  return Math.max(0, (raw - CHANCE_SIMILARITY) / (1 - CHANCE_SIMILARITY));
}

/** Hypothesis's quote score: the share of the quote that survived. */
export function quoteSimilarity(errors: number, quoteLength: number): number {
  return quoteLength === 0 ? 0 : Math.max(0, 1 - errors / quoteLength);
}

/** 1 at the expected offset, falling linearly to 0 a whole chapter away. */
export function positionSimilarity(offset: number, expected: number, textLength: number): number {
  return Math.max(0, 1 - Math.abs(offset - expected) / Math.max(1, textLength));
}

/**
 * Whole-passage similarity: Sørensen–Dice over character bigrams (multiset). It tolerates
 * typos and word swaps, works for one-word passages, and is linear in the text length, so
 * scanning a whole chapter for a lost passage stays cheap.
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  const total = a.length - 1 + (b.length - 1);
  if (total <= 0) return 0;
  let shared = 0;
  for (const [g, n] of ga) {
    const m = gb.get(g);
    if (m !== undefined) shared += Math.min(n, m);
  }
  return (2 * shared) / total;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

export function reverse(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}
