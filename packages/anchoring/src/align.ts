// Passage-level alignment between two revisions. jsdiff's diffArrays (Myers' LCS) over the
// passage sequences finds the longest run of unchanged passages in order; everything it
// aligns is "exact" territory. Passages it cannot align (edited, or moved: a moved block
// shows up as a removal plus an insertion) get a counterpart by key, then by identical hash.
import { diffArrays } from 'diff';
import type { Revision } from './text';
import type { PassageText } from './types';

export interface Alignment {
  /** previous index → next index of the same, unchanged passage in LCS order. */
  aligned: Map<number, number>;
  /** next indices that are the aligned partner of some previous passage. */
  alignedNext: Set<number>;
  /** previous index → next index where that passage's text now lives (aligned, key, or hash). */
  counterpart: Map<number, number>;
}

/**
 * Unchanged = same hash, or identical plain text: the parser hashes markup, so a formatting-only
 * edit (italics added) changes the hash without moving a single plain-text offset.
 */
function unchanged(a: PassageText, b: PassageText): boolean {
  return a.hash === b.hash || a.text === b.text;
}

export function align(prev: Revision, next: Revision): Alignment {
  const aligned = new Map<number, number>();
  const alignedNext = new Set<number>();
  const changes = diffArrays(prev.passages, next.passages, { comparator: unchanged });
  let i = 0;
  let j = 0;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (c.added) j += n;
    else if (c.removed) i += n;
    else {
      for (let k = 0; k < n; k++) {
        aligned.set(i + k, j + k);
        alignedNext.add(j + k);
      }
      i += n;
      j += n;
    }
  }

  const counterpart = new Map<number, number>(aligned);
  const claimed = new Set<number>(alignedNext);
  // Unaligned next passages by hash, so a moved-but-unchanged passage whose key was
  // reassigned (e.g. POV change plus a move) is still found.
  const byHash = new Map<string, number[]>();
  next.passages.forEach((p, k) => {
    if (claimed.has(k)) return;
    const list = byHash.get(p.hash);
    if (list) list.push(k);
    else byHash.set(p.hash, [k]);
  });
  prev.passages.forEach((p, k) => {
    if (counterpart.has(k)) return;
    const byKey = next.byKey.get(p.key);
    if (byKey !== undefined && !claimed.has(byKey)) {
      counterpart.set(k, byKey);
      claimed.add(byKey);
    }
  });
  prev.passages.forEach((p, k) => {
    if (counterpart.has(k) || p.text === '') return;
    const candidate = byHash.get(p.hash)?.find((n) => !claimed.has(n));
    if (candidate !== undefined) {
      counterpart.set(k, candidate);
      claimed.add(candidate);
    }
  });
  return { aligned, alignedNext, counterpart };
}

/**
 * Maps a chapter offset of the previous revision into the next one: through the counterpart of
 * the passage containing it, or else relative to the nearest aligned passage before (then after)
 * it. This is the centre of the "near the old position" search window.
 */
export function mapOffset(
  prev: Revision,
  next: Revision,
  a: Alignment,
  index: number,
  offset: number,
): number {
  const clamp = (x: number): number => Math.max(0, Math.min(next.text.length, x));
  const own = a.counterpart.get(index);
  if (own !== undefined)
    return clamp((next.starts[own] as number) + (offset - (prev.starts[index] as number)));
  for (let k = index - 1; k >= 0; k--) {
    const j = a.aligned.get(k);
    if (j !== undefined) return clamp((next.starts[j] as number) + (offset - (prev.starts[k] as number)));
  }
  for (let k = index + 1; k < prev.passages.length; k++) {
    const j = a.aligned.get(k);
    if (j !== undefined) return clamp((next.starts[j] as number) - ((prev.starts[k] as number) - offset));
  }
  return clamp(Math.round((offset / Math.max(1, prev.text.length)) * next.text.length));
}
