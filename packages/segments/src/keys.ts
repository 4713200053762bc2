// Stable passage keys. Inline comments anchor to a passage key, so a key must survive
// revisions in which its passage is unchanged, moved, or lightly edited. Matching:
//   1. identical hash (exact same content), nearest relative position first;
//   2. light edit: similarity ≥ SIMILARITY among the still-unmatched text passages,
//      best score first, then nearest relative position (similar.ts);
//   3. anything left gets a fresh key derived from its text (deterministic).
import { candidatePairs } from './similar';
import { hash53 } from './text';
import type { Passage } from './types';
import { newWork, type Work } from './work';

export function assignKeys(
  previous: Passage[] | undefined,
  next: Passage[],
  work: Work = newWork(),
): Passage[] {
  const keys = keysFor(previous, next, work);
  return next.map((p, i) => ({ ...p, key: keys[i] as string }));
}

const rel = (i: number, n: number): number => (n <= 1 ? 0 : i / (n - 1));

/** The key of each passage of `next`, as assignKeys gives them. */
export function keysFor(previous: Passage[] | undefined, next: Passage[], work: Work = newWork()): string[] {
  const keys: (string | undefined)[] = new Array<string | undefined>(next.length);
  const taken = new Set<string>();
  const old = previous ?? [];
  const usedOld = new Uint8Array(old.length);
  let steps = 0;
  let sameHash: NearestFree | undefined;

  if (old.length > 0) {
    sameHash = new NearestFree(old, (j) => taken.has((old[j] as Passage).key));
    for (let i = 0; i < next.length; i++) {
      const best = sameHash.take((next[i] as Passage).hash, rel(i, next.length));
      if (best >= 0) claim(i, best);
    }

    const newLeft: number[] = [];
    for (let i = 0; i < next.length; i++)
      if (keys[i] === undefined && next[i]?.kind === 'text') newLeft.push(i);
    const oldLeft: number[] = [];
    for (let j = 0; j < old.length; j++) if (!usedOld[j] && old[j]?.kind === 'text') oldLeft.push(j);
    steps += next.length + old.length;
    const matched = candidatePairs(
      newLeft,
      (i) => (next[i] as Passage).text,
      (i) => rel(i, next.length),
      oldLeft,
      (j) => (old[j] as Passage).text,
      (j) => rel(j, old.length),
    );
    steps += matched.steps;
    const { pairs } = matched;
    for (const { i, j } of pairs) {
      if (keys[i] === undefined && !usedOld[j] && !taken.has((old[j] as Passage).key)) claim(i, j);
    }
  }

  // Fresh keys are handed out only after every reused key is reserved, so a new passage can
  // never take a key that an old one is about to keep. Identical passages share a base and
  // get -2, -3, …: `nextSuffix` remembers where each base's search stopped (restarting at -2
  // made n identical paragraphs cost n² probes). Fresh keys cannot collide with each other
  // (a base is always 8 characters, so "<base>-<n>" is never another base), only with
  // reused keys: those are all `taken` holds.
  const nextSuffix = new Map<string, number>();
  const out = new Array<string>(next.length);
  for (let i = 0; i < next.length; i++) {
    let key = keys[i];
    if (key === undefined) {
      const base = freshKeyBase(next[i] as Passage, next[i - 1]);
      let n = nextSuffix.get(base) ?? 1;
      key = n === 1 ? base : `${base}-${n}`;
      for (; taken.has(key); steps++) key = `${base}-${++n}`;
      nextSuffix.set(base, n + 1);
    }
    out[i] = key;
  }
  work.steps += steps + next.length + (sameHash?.steps ?? 0);
  return out;

  function claim(i: number, j: number): void {
    const key = (old[j] as Passage).key;
    keys[i] = key;
    usedOld[j] = 1;
    taken.add(key);
  }
}

/**
 * The old passages grouped by hash, each group in order: `take(hash, t)` removes and returns
 * the free one whose relative position is nearest to t (the earlier one on a tie, as a scan in
 * order would), or -1; t must not decrease from one call to the next. A cursor plus two
 * "nearest free slot" lookups with path halving, where scanning the whole group made n
 * identical paragraphs cost n² steps.
 */
class NearestFree {
  steps = 0;
  /** Slots: per group, a left sentinel, its members in order, a right sentinel. */
  private readonly relAt: Float64Array;
  private readonly oldAt: Int32Array;
  /** Union-find pointers towards the nearest free slot on the right / left (itself if free). */
  private readonly right: Int32Array;
  private readonly left: Int32Array;
  private readonly groupOf = new Map<string, number>();
  /** First and last+1 member slot of each group. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  /** Per group, the first member right of the last position asked about. */
  private readonly cursor: Int32Array;

  /** `taken(j)`: old passage j's key is in use already, so it cannot be claimed. */
  constructor(
    old: Passage[],
    private readonly taken: (j: number) => boolean,
  ) {
    // Counting sort by group (in order of first appearance), members in document order.
    const group = new Int32Array(old.length);
    const counts: number[] = [];
    for (let j = 0; j < old.length; j++) {
      const hash = (old[j] as Passage).hash;
      let g = this.groupOf.get(hash);
      if (g === undefined) {
        g = counts.length;
        this.groupOf.set(hash, g);
        counts.push(0);
      }
      group[j] = g;
      counts[g] = (counts[g] as number) + 1;
    }
    const size = old.length + 2 * counts.length;
    this.relAt = new Float64Array(size);
    this.oldAt = new Int32Array(size);
    this.right = new Int32Array(size);
    this.left = new Int32Array(size);
    this.lo = new Int32Array(counts.length);
    this.hi = new Int32Array(counts.length);
    const fill = new Int32Array(counts.length);
    this.cursor = new Int32Array(counts.length);
    let s = 0;
    for (let g = 0; g < counts.length; g++) {
      this.lo[g] = fill[g] = this.cursor[g] = s + 1; // s is the left sentinel
      s += (counts[g] as number) + 2;
      this.hi[g] = s - 1; // the right sentinel
    }
    for (let k = 0; k < size; k++) this.right[k] = this.left[k] = k;
    for (let j = 0; j < old.length; j++) {
      const at = (fill[group[j] as number] as number)++;
      this.relAt[at] = rel(j, old.length);
      this.oldAt[at] = j;
    }
    this.steps += size + old.length;
  }

  take(hash: string, t: number): number {
    const g = this.groupOf.get(hash);
    this.steps++;
    if (g === undefined) return -1;
    const first = this.lo[g] as number;
    const end = this.hi[g] as number;
    // The first member right of t. Calls come in document order of `next`, so t never
    // decreases and each group's split only moves forward: a cursor, not a search.
    let lo = this.cursor[g] as number;
    while (lo < end && (this.relAt[lo] as number) <= t) {
      lo++;
      this.steps++;
    }
    this.cursor[g] = lo;
    const l = this.nearest(this.left, lo - 1, first, end);
    const r = this.nearest(this.right, lo, first, end);
    let best = -1;
    if (l >= first) best = l;
    if (
      r < end &&
      (best < 0 || Math.abs((this.relAt[r] as number) - t) < Math.abs((this.relAt[l] as number) - t))
    )
      best = r;
    if (best < 0) return -1;
    this.free(best);
    return this.oldAt[best] as number;
  }

  /** The nearest free slot from x in direction p whose key is not taken (sentinels stop it). */
  private nearest(p: Int32Array, x: number, first: number, end: number): number {
    for (;;) {
      x = this.find(p, x);
      if (x < first || x >= end || !this.taken(this.oldAt[x] as number)) return x;
      // Its key went to another passage (previous revisions have unique keys, but a caller
      // may pass anything): it can never be claimed, so it leaves for good.
      this.free(x);
    }
  }

  private free(slot: number): void {
    this.right[slot] = slot + 1;
    this.left[slot] = slot - 1;
  }

  private find(p: Int32Array, x: number): number {
    while (p[x] !== x) {
      const up = p[p[x] as number] as number;
      p[x] = up;
      x = up;
      this.steps++;
    }
    return x;
  }
}

function freshKeyBase(p: Passage, before: Passage | undefined): string {
  // Derived from the content hash; a break has no content of its own, so its key comes
  // from what precedes it, which keeps it stable too.
  const source = p.kind === 'break' ? `break\u0000${before?.hash ?? ''}` : p.hash;
  return (p.kind === 'break' ? 'b' : 'p') + base36Tail7(hash53(source));
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `n.toString(36).padStart(11, '0').slice(-7)` for a 53-bit integer, without the slow float formatting. */
function base36Tail7(n: number): string {
  let m = n % 78364164096; // 36^7
  const digits = new Array<number>(7);
  for (let d = 6; d >= 0; d--) {
    const q = Math.floor(m / 36);
    digits[d] = BASE36.charCodeAt(m - q * 36);
    m = q;
  }
  return String.fromCharCode(...digits);
}
