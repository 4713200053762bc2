// Text similarity for keeping the key of a lightly edited passage: Sørensen–Dice over word
// multisets (letter pairs when either side is very short), and the candidate pairs keys.ts
// matches greedily. Tokens are interned to integers per call, so a comparison is a merge of
// two sorted integer arrays rather than string-keyed map lookups.

export const SIMILARITY = 0.6;
/** Above this many candidate pairs, compare only passages near the same relative position… */
export const MAX_PAIRS = 40_000;
export const WINDOW = 0.15;
/**
 * …and at most this many on each side of it, keeping the best KEEP pairs of each passage, so
 * the work stays linear in the chapter's length. Only a large edit reaches the window at all
 * (over MAX_PAIRS: 200 changed passages against 200); there the passage a changed one came from
 * is almost always its neighbour in the leftover lists, and 16 a side is 32 comparisons per
 * passage: with 64 a side, a chapter re-saved with every one of 9,000 similar paragraphs
 * edited cost 4.7× a typical re-save per byte (issue 14's target is 3×). Lists of up to
 * ~100 passages (0.15 × 100 < 16) are compared as before; below MAX_PAIRS, every pair is kept.
 */
export const NEAR = 16;
const KEEP = 8;

/** A multiset of interned tokens: ids ascending, with their counts. */
interface Bag {
  ids: Int32Array;
  counts: Int32Array;
  /** Sum of counts. */
  total: number;
}

export interface Features {
  words: Bag;
  /** Letter pairs, for passages under four words. */
  pairs: Bag | undefined;
  /** Distinct tokens and letter pairs: what a comparison may have to look at. */
  size: number;
}

export class Vocabulary {
  private readonly ids = new Map<string, number>();

  features(text: string): Features {
    const lower = text.toLowerCase();
    const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
    const bag = this.bag(words);
    // Word overlap is too coarse for very short passages ("Yes." → "No."); use letter pairs there.
    let pairs: Bag | undefined;
    if (words.length < 4) {
      const s = lower.replace(/\s+/g, ' ').trim();
      const grams: string[] = [];
      for (let k = 0; k + 1 < s.length; k++) grams.push(s.slice(k, k + 2));
      // Letter pairs and words share the id space but never meet: a bag holds one kind.
      pairs = this.bag(grams);
    }
    return { words: bag, pairs, size: bag.ids.length + (pairs?.ids.length ?? 0) };
  }

  private bag(tokens: string[]): Bag {
    const all = new Int32Array(tokens.length);
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k] as string;
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(t, id);
      }
      all[k] = id;
    }
    all.sort();
    // Run-length encode the sorted ids: each distinct id once, with its count.
    let distinct = 0;
    for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) distinct++;
    const ids = new Int32Array(distinct);
    const counts = new Int32Array(distinct);
    let d = -1;
    for (let k = 0; k < all.length; k++) {
      if (k === 0 || all[k] !== all[k - 1]) ids[++d] = all[k] as number;
      counts[d] = (counts[d] as number) + 1;
    }
    return { ids, counts, total: tokens.length };
  }
}

/** Σ min(count in a, count in b): a merge, or binary searches when one side is much smaller. */
function shared(a: Bag, b: Bag): number {
  if (a.ids.length > b.ids.length) [a, b] = [b, a];
  let common = 0;
  if (a.ids.length * 8 < b.ids.length) {
    for (let x = 0; x < a.ids.length; x++) {
      const id = a.ids[x] as number;
      let lo = 0;
      let hi = b.ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((b.ids[mid] as number) < id) lo = mid + 1;
        else hi = mid;
      }
      if (b.ids[lo] === id) common += Math.min(a.counts[x] as number, b.counts[lo] as number);
    }
    return common;
  }
  let x = 0;
  let y = 0;
  while (x < a.ids.length && y < b.ids.length) {
    const p = a.ids[x] as number;
    const q = b.ids[y] as number;
    if (p === q) common += Math.min(a.counts[x++] as number, b.counts[y++] as number);
    else if (p < q) x++;
    else y++;
  }
  return common;
}

function dice(a: Bag, b: Bag): number {
  if (a.total + b.total === 0) return 1;
  return (2 * shared(a, b)) / (a.total + b.total);
}

export function similarity(a: Features, b: Features): number {
  return a.pairs && b.pairs ? dice(a.pairs, b.pairs) : dice(a.words, b.words);
}

/** An upper bound of similarity(a, b) from the sizes alone: at most the smaller side is shared. */
export function maxSimilarity(a: Features, b: Features): number {
  const [na, nb] = a.pairs && b.pairs ? [a.pairs.total, b.pairs.total] : [a.words.total, b.words.total];
  return na + nb === 0 ? 1 : (2 * Math.min(na, nb)) / (na + nb);
}

/** Sørensen–Dice over word multisets (letter pairs when either side is very short). */
export function similarityOf(a: string, b: string): number {
  const vocabulary = new Vocabulary();
  return similarity(vocabulary.features(a), vocabulary.features(b));
}

export interface Pair {
  i: number;
  j: number;
  score: number;
  dist: number;
}

/** Best first: score, then nearest, then document order. */
export const byPreference = (a: Pair, b: Pair): number =>
  b.score - a.score || a.dist - b.dist || a.i - b.i || a.j - b.j;

/**
 * Candidate pairs (new passage i, old passage j) with similarity ≥ SIMILARITY, best first.
 * `newLeft`/`oldLeft` are passage indices in order; `relNew`/`relOld` their relative positions.
 * Returns the pairs and the steps taken.
 */
export function candidatePairs(
  newLeft: number[],
  newText: (i: number) => string,
  relNew: (i: number) => number,
  oldLeft: number[],
  oldText: (j: number) => string,
  relOld: (j: number) => number,
): { pairs: Pair[]; steps: number } {
  const vocabulary = new Vocabulary();
  const windowed = newLeft.length * oldLeft.length > MAX_PAIRS;
  const oldFeatures = oldLeft.map((j) => vocabulary.features(oldText(j)));
  const oldRel = oldLeft.map(relOld);
  let steps = oldLeft.length;
  for (const f of oldFeatures) steps += f.size;
  const pairs: Pair[] = [];
  let best: Pair[] = [];
  /** Compares new passage i with the k-th leftover old one; false once outside the window. */
  const consider = (i: number, t: number, fi: Features, k: number): boolean => {
    const dist = Math.abs((oldRel[k] as number) - t);
    if (windowed && dist > WINDOW) return false;
    const fj = oldFeatures[k] as Features;
    steps++;
    const bound = maxSimilarity(fi, fj);
    // In a full list, a pair that cannot reach the worst kept score cannot enter it.
    if (bound < SIMILARITY || (windowed && best.length === KEEP && bound < (best[KEEP - 1] as Pair).score))
      return true;
    steps += fi.size + fj.size;
    const score = similarity(fi, fj);
    if (score < SIMILARITY) return true;
    if (!windowed) {
      pairs.push({ i, j: oldLeft[k] as number, score, dist });
      return true;
    }
    const worst = best[best.length - 1];
    if (
      best.length === KEEP &&
      worst &&
      byPreference({ i, j: oldLeft[k] as number, score, dist }, worst) >= 0
    )
      return true;
    // Insertion into a short sorted list: at most KEEP, whatever the chapter.
    const pair = { i, j: oldLeft[k] as number, score, dist };
    let at = best.length;
    while (at > 0 && byPreference(pair, best[at - 1] as Pair) < 0) at--;
    best.splice(at, 0, pair);
    if (best.length > KEEP) best.pop();
    return true;
  };
  // oldLeft is in order, so the old passages nearest to each new one in relative position
  // sit on either side of `split`, which only moves forward as i does.
  let split = 0;
  for (const i of newLeft) {
    const fi = vocabulary.features(newText(i));
    const t = relNew(i);
    steps += 1 + fi.size;
    if (!windowed) {
      for (let k = 0; k < oldLeft.length; k++) consider(i, t, fi, k);
      continue;
    }
    while (split < oldLeft.length && (oldRel[split] as number) <= t) split++;
    best = [];
    for (let k = split - 1; k >= 0 && split - k <= NEAR && consider(i, t, fi, k); k--);
    for (let k = split; k < oldLeft.length && k - split < NEAR && consider(i, t, fi, k); k++);
    for (const p of best) pairs.push(p);
  }
  steps += pairs.length * Math.max(1, Math.ceil(Math.log2(pairs.length + 1)));
  pairs.sort(byPreference);
  return { pairs, steps };
}
