// The chapter text is the coordinate system of PositionSelector and of quote context.
// Passages are joined with a blank line ("\n\n"), the same way a reader sees paragraphs,
// so prefix/suffix captured at a passage edge contain the separator and the neighbour's
// words, exactly as a W3C TextQuoteSelector over the rendered chapter would.
import type { PassageText } from './types';

export const SEPARATOR = '\n\n';
/** Characters of prefix and suffix kept around a quote (Hypothesis uses 32 too). */
export const CONTEXT_LENGTH = 32;

export function chapterText(passages: PassageText[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let offset = 0;
  for (let i = 0; i < passages.length; i++) {
    if (i > 0) offset += SEPARATOR.length;
    starts.push(offset);
    offset += (passages[i] as PassageText).text.length;
  }
  return { text: passages.map((p) => p.text).join(SEPARATOR), starts };
}

/** A revision prepared once per call: chapter text, passage starts and a key index. */
export interface Revision {
  passages: PassageText[];
  text: string;
  starts: number[];
  byKey: Map<string, number>;
}

export function prepare(passages: PassageText[]): Revision {
  const { text, starts } = chapterText(passages);
  const byKey = new Map<string, number>();
  // First occurrence wins if a caller ever hands us duplicate keys.
  passages.forEach((p, i) => {
    if (!byKey.has(p.key)) byKey.set(p.key, i);
  });
  return { passages, text, starts, byKey };
}

export function passageAt(rev: Revision, index: number): PassageText {
  return rev.passages[index] as PassageText;
}

export function startOf(rev: Revision, index: number): number {
  return rev.starts[index] as number;
}

/** Index of the passage whose span (including the separator after it) contains `offset`. */
export function passageIndexAt(rev: Revision, offset: number): number {
  let lo = 0;
  let hi = rev.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((rev.starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
