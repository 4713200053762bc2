// Stable passage keys. Inline comments anchor to a passage key, so a key must survive
// revisions in which its passage is unchanged, moved, or lightly edited. Matching:
//   1. identical hash (exact same content), nearest relative position first;
//   2. light edit: similarity ≥ SIMILARITY among the still-unmatched text passages,
//      best score first, then nearest relative position;
//   3. anything left gets a fresh key derived from its text (deterministic).
import { hash53 } from './text';
import type { Passage } from './types';

export const SIMILARITY = 0.6;
/** Above this many candidate pairs, compare only passages near the same relative position. */
const MAX_PAIRS = 40_000;
const WINDOW = 0.15;

export function assignKeys(previous: Passage[] | undefined, next: Passage[]): Passage[] {
  const keys = keysFor(previous, next);
  return next.map((p, i) => ({ ...p, key: keys[i] as string }));
}

/** The key of each passage of `next`, as assignKeys gives them. */
export function keysFor(previous: Passage[] | undefined, next: Passage[]): string[] {
  const keys: (string | undefined)[] = new Array<string | undefined>(next.length);
  const taken = new Set<string>();
  const old = previous ?? [];
  const usedOld = new Set<number>();
  const rel = (i: number, n: number): number => (n <= 1 ? 0 : i / (n - 1));

  if (old.length > 0) {
    const byHash = new Map<string, number[]>();
    old.forEach((p, i) => {
      const list = byHash.get(p.hash);
      if (list) list.push(i);
      else byHash.set(p.hash, [i]);
    });
    next.forEach((p, i) => {
      const candidates = byHash.get(p.hash);
      if (!candidates) return;
      let best = -1;
      let bestDist = Infinity;
      for (const j of candidates) {
        if (usedOld.has(j) || taken.has((old[j] as Passage).key)) continue;
        const d = Math.abs(rel(j, old.length) - rel(i, next.length));
        if (d < bestDist) {
          best = j;
          bestDist = d;
        }
      }
      if (best >= 0) claim(i, best);
    });

    const newLeft = next.map((_, i) => i).filter((i) => keys[i] === undefined && next[i]?.kind === 'text');
    const oldLeft = old.map((_, j) => j).filter((j) => !usedOld.has(j) && old[j]?.kind === 'text');
    const windowed = newLeft.length * oldLeft.length > MAX_PAIRS;
    const oldTokens = new Map(oldLeft.map((j) => [j, features((old[j] as Passage).text)]));
    const pairs: { i: number; j: number; score: number; dist: number }[] = [];
    for (const i of newLeft) {
      const fi = features((next[i] as Passage).text);
      for (const j of oldLeft) {
        const dist = Math.abs(rel(j, old.length) - rel(i, next.length));
        if (windowed && dist > WINDOW) continue;
        const score = similarity(fi, oldTokens.get(j) as Features);
        if (score >= SIMILARITY) pairs.push({ i, j, score, dist });
      }
    }
    pairs.sort((a, b) => b.score - a.score || a.dist - b.dist || a.i - b.i || a.j - b.j);
    for (const { i, j } of pairs) {
      if (keys[i] === undefined && !usedOld.has(j) && !taken.has((old[j] as Passage).key)) claim(i, j);
    }
  }

  // Fresh keys are handed out only after every reused key is reserved, so a new passage can
  // never take a key that an old one is about to keep.
  return next.map((p, i) => {
    let key = keys[i];
    if (key === undefined) {
      const base = freshKeyBase(p, next[i - 1]);
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
      taken.add(key);
    }
    return key;
  });

  function claim(i: number, j: number): void {
    const key = (old[j] as Passage).key;
    keys[i] = key;
    usedOld.add(j);
    taken.add(key);
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
  let out = '';
  for (let d = 0; d < 7; d++) {
    const q = Math.floor(m / 36);
    out = BASE36.charAt(m - q * 36) + out;
    m = q;
  }
  return out;
}

interface Features {
  tokens: Map<string, number>;
  count: number;
  bigrams: Map<string, number> | undefined;
  bigramCount: number;
}

function features(text: string): Features {
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = multiset(words);
  let bigrams: Map<string, number> | undefined;
  let bigramCount = 0;
  // Word overlap is too coarse for very short passages ("Yes." → "No."); use letter pairs there.
  if (words.length < 4) {
    const s = lower.replace(/\s+/g, ' ').trim();
    const grams: string[] = [];
    for (let k = 0; k + 1 < s.length; k++) grams.push(s.slice(k, k + 2));
    bigrams = multiset(grams);
    bigramCount = grams.length;
  }
  return { tokens, count: words.length, bigrams, bigramCount };
}

function multiset(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function dice(a: Map<string, number>, na: number, b: Map<string, number>, nb: number): number {
  if (na + nb === 0) return 1;
  let common = 0;
  for (const [t, c] of a) common += Math.min(c, b.get(t) ?? 0);
  return (2 * common) / (na + nb);
}

/** Sørensen–Dice over word multisets (letter pairs when either side is very short). */
export function similarityOf(a: string, b: string): number {
  return similarity(features(a), features(b));
}

function similarity(a: Features, b: Features): number {
  if (a.bigrams && b.bigrams) return dice(a.bigrams, a.bigramCount, b.bigrams, b.bigramCount);
  return dice(a.tokens, a.count, b.tokens, b.count);
}
