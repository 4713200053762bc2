// Approximate search with approx-string-match (Myers' bit-parallel algorithm, as in Hypothesis).
import search from 'approx-string-match';
import { levenshtein } from './score';

/** Hard cap like Hypothesis's: beyond ~32 edits a "match" is a different sentence. */
export const MAX_ERRORS = 32;

/**
 * Allow one edit per four characters of quote. Enough for typo fixes and a changed word in a
 * phrase, while a quote shorter than four characters must match verbatim (a one-letter edit to
 * "Yes" is another word, not a typo).
 */
export function maxErrorsFor(quoteLength: number): number {
  return Math.min(MAX_ERRORS, Math.floor(quoteLength / 4));
}

export interface FuzzyHit {
  start: number;
  end: number;
  errors: number;
}

/** Upper bound on hits kept per passage; ties beyond this are near-duplicate offsets. */
const MAX_HITS = 64;

/**
 * Best approximate matches of `exact` in one passage. approx-string-match only reports the
 * lowest-cost matches, so verbatim occurrences (already candidates of their own) are masked
 * out first — otherwise they would hide an edited occurrence that has better context.
 */
export function fuzzyIn(text: string, exact: string, maxErrors: number, verbatim: number[]): FuzzyHit[] {
  if (maxErrors <= 0 || text.length < exact.length - maxErrors) return [];
  let haystack = text;
  if (verbatim.length > 0) {
    const chars = text.split('');
    for (const v of verbatim) for (let k = v; k < v + exact.length; k++) chars[k] = '\u0000';
    haystack = chars.join('');
  }
  const hits = search(haystack, exact, maxErrors).filter((m) => m.end > m.start && m.errors > 0);
  return hits.slice(0, MAX_HITS);
}

const WORD = /[\p{L}\p{N}'’]/u;
const SPACE = /\s/u;
const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);
const isSpace = (c: string | undefined): boolean => c !== undefined && SPACE.test(c);
/** Never grow a match by more than this many chars per edge while completing a word. */
const MAX_SNAP = 24;

/**
 * Myers' algorithm minimises edits, not surprise: when a word at the quote's edge was edited,
 * the cheapest match often stops mid-word ("hood before cold per|haps") or starts on a space.
 * If the reader's selection began/ended on a word boundary, move the match edge to the
 * nearest word boundary too, then re-count the edits so the score describes what we highlight.
 */
export function snapToWords(
  text: string,
  hit: FuzzyHit,
  exact: string,
  prefix: string,
  suffix: string,
): FuzzyHit {
  let { start, end } = hit;
  if (!isSpace(exact[0])) while (start < end && isSpace(text[start])) start++;
  if (!isSpace(exact[exact.length - 1])) while (end > start && isSpace(text[end - 1])) end--;
  const startsOnBoundary = isWord(exact[0]) && !isWord(prefix[prefix.length - 1]);
  const endsOnBoundary = isWord(exact[exact.length - 1]) && !isWord(suffix[0]);
  const s0 = start;
  const e0 = end;
  if (startsOnBoundary)
    while (start > 0 && s0 - start < MAX_SNAP && isWord(text[start - 1]) && isWord(text[start])) start--;
  if (endsOnBoundary)
    while (end < text.length && end - e0 < MAX_SNAP && isWord(text[end]) && isWord(text[end - 1])) end++;
  if (start === hit.start && end === hit.end) return hit;
  return { start, end, errors: levenshtein(exact, text.slice(start, end)) };
}
