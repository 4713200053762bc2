// Re-anchoring: carry each comment of one revision onto the next.
// Order per anchor: exact (passage aligned as unchanged and the quote still at its offsets)
// → tiered moved/fuzzy search (see place.ts) → orphaned. Whole-passage comments follow
// their passage by hash, key, then text similarity (see wholePassage).
import { align, mapOffset, type Alignment } from './align';
import { orphaned, placeQuote, type Expectation } from './place';
import { textSimilarity } from './score';
import { passageAt, prepare, startOf, type Revision } from './text';
import type { Anchor, PassageText, Placement, ReanchorOptions } from './types';

/**
 * Default acceptance score for moved/fuzzy placements. Correct non-exact placements scored
 * ≥ 0.81 on the golden fixtures and ≥ 0.84 in the benchmark; the best *wrong* candidate a lost
 * anchor could find (a verbatim or near repeat of its phrase elsewhere, with chance-level
 * context) scored ≤ 0.56 and ≤ 0.45 respectively (docs/anchoring.md). 0.7 sits in that gap,
 * leaving room below the correct cluster for quotes edited on both sides.
 */
export const DEFAULT_THRESHOLD = 0.7;

/** A whole-passage comment whose key vanished re-attaches only to text at least this similar. */
export const PASSAGE_SIMILARITY = 0.8;

export function reanchor(
  anchors: Anchor[],
  previous: PassageText[],
  next: PassageText[],
  options?: ReanchorOptions,
): Placement[] {
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  const prev = prepare(previous);
  const rev = prepare(next);
  const alignment = align(prev, rev);
  return anchors.map((anchor) => {
    try {
      return reanchorOne(anchor, prev, rev, alignment, threshold);
    } catch {
      // A malformed stored anchor must not break the chapter for everyone else.
      return orphaned(0);
    }
  });
}

/** Places one anchor on a revision without knowing the revision it was written on (highlighting). */
export function locate(anchor: Anchor, passages: PassageText[], options?: ReanchorOptions): Placement {
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  try {
    return locateIn(anchor, prepare(passages), threshold);
  } catch {
    return orphaned(0);
  }
}

function reanchorOne(
  anchor: Anchor,
  prev: Revision,
  rev: Revision,
  a: Alignment,
  threshold: number,
): Placement {
  const index = prev.byKey.get(anchor.passageKey);
  // An anchor that does not belong to `previous` cannot use the alignment; treat it like locate.
  if (index === undefined) return locateIn(anchor, rev, threshold);
  const old = passageAt(prev, index);
  const counterpart = a.counterpart.get(index);

  if (anchor.quote === null) return wholePassage(old, counterpart, a.aligned.has(index), rev, a);

  const quote = anchor.quote;
  const rel = anchor.position.start - startOf(prev, index);
  const alignedTo = a.aligned.get(index);
  if (alignedTo !== undefined) {
    const p = passageAt(rev, alignedTo);
    if (p.text.slice(rel, rel + quote.exact.length) === quote.exact)
      return landed(p.key, rel, rel + quote.exact.length, 'exact', 1);
  }
  const exp: Expectation = { counterpart, expected: mapOffset(prev, rev, a, index, anchor.position.start) };
  return placeQuote(quote, rev, exp, threshold);
}

function locateIn(anchor: Anchor, rev: Revision, threshold: number): Placement {
  const index = rev.byKey.get(anchor.passageKey);
  if (anchor.quote === null) {
    if (index === undefined) return orphaned(0);
    const p = passageAt(rev, index);
    const s = startOf(rev, index);
    const oldLength = anchor.position.end - anchor.position.start;
    if (s === anchor.position.start && p.text.length === oldLength)
      return landed(p.key, 0, p.text.length, 'exact', 1);
    // Without the old text only the length is known: a crude but honest similarity.
    const ratio = Math.min(oldLength, p.text.length) / Math.max(1, oldLength, p.text.length);
    return landed(p.key, 0, p.text.length, 'moved', ratio);
  }
  const quote = anchor.quote;
  if (index !== undefined) {
    const p = passageAt(rev, index);
    const rel = anchor.position.start - startOf(rev, index);
    if (rel >= 0 && p.text.slice(rel, rel + quote.exact.length) === quote.exact)
      return landed(p.key, rel, rel + quote.exact.length, 'exact', 1);
  }
  const expected = Math.max(0, Math.min(rev.text.length, anchor.position.start));
  return placeQuote(quote, rev, { counterpart: index, expected }, threshold);
}

/**
 * A whole-passage comment follows its passage: unchanged (same hash/text, even if moved) →
 * exact; its counterpart with edited text → moved, scored by text similarity (the parser kept
 * the key, so we trust it); key and hash gone → the most similar unclaimed passage if it is at
 * least PASSAGE_SIMILARITY alike (fuzzy); else orphaned.
 */
function wholePassage(
  old: PassageText,
  counterpart: number | undefined,
  aligned: boolean,
  rev: Revision,
  a: Alignment,
): Placement {
  if (counterpart !== undefined) {
    const p = passageAt(rev, counterpart);
    if (aligned || p.hash === old.hash || p.text === old.text)
      return landed(p.key, 0, p.text.length, p.key === old.key || aligned ? 'exact' : 'fuzzy', 1);
    return landed(p.key, 0, p.text.length, 'moved', textSimilarity(old.text, p.text));
  }
  let best = -1;
  let bestScore = 0;
  rev.passages.forEach((p, k) => {
    if (a.alignedNext.has(k) || p.text === '') return;
    const s = textSimilarity(old.text, p.text);
    if (s > bestScore) {
      best = k;
      bestScore = s;
    }
  });
  if (best < 0 || bestScore < PASSAGE_SIMILARITY) return orphaned(bestScore);
  const p = passageAt(rev, best);
  return landed(p.key, 0, p.text.length, 'fuzzy', bestScore);
}

function landed(
  passageKey: string,
  start: number,
  end: number,
  method: Placement['method'],
  score: number,
): Placement {
  return { passageKey, start, end, method, score };
}
