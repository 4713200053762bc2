// Prefix/suffix agreement for a candidate, read outward from the quote edge.
//
// Margins-specific twist on the W3C/Hypothesis scheme: a selection never spans passages and
// passages move as units, so context that lies *outside the passage* is only evidence when the
// candidate is in some other passage. For a candidate inside the anchored passage's own
// counterpart we compare just the in-passage part of the context plus a boundary marker
// ("the quote was N chars after the start of its paragraph"). Otherwise a quote at the start
// of a paragraph that moved to another scene would lose all its prefix points for a reason
// that says nothing about whether these are the right words.
import { contextSimilarity, reverse } from './score';
import { CONTEXT_LENGTH, SEPARATOR, passageAt, startOf, type Revision } from './text';
import type { QuoteSelector } from './types';

/** Stands for "start/end of the passage (or chapter)" so that being at an edge can agree. */
const BOUNDARY = '\u0002';
/** Extra characters read from the candidate so that a few inserted chars cost only themselves. */
const SLACK = 8;

export interface Target {
  rev: Revision;
  passage: number;
  /** Offsets relative to the passage text. */
  start: number;
  end: number;
}

export function prefixSimilarity(quote: QuoteSelector, t: Target, samePassage: boolean): number {
  const e = quote.prefix;
  // Shorter than CONTEXT_LENGTH only when the quote sat near the start of the chapter.
  const atChapterStart = e.length < CONTEXT_LENGTH;
  let expected: string;
  let actual: string;
  if (samePassage) {
    const sep = e.lastIndexOf(SEPARATOR);
    const inner = sep >= 0 ? e.slice(sep + SEPARATOR.length) : e;
    expected = sep >= 0 || atChapterStart ? BOUNDARY + inner : inner;
    const text = passageAt(t.rev, t.passage).text;
    const from = Math.max(0, t.start - inner.length - SLACK);
    actual = (from === 0 ? BOUNDARY : '') + text.slice(from, t.start);
  } else {
    expected = atChapterStart ? BOUNDARY + e : e;
    const abs = startOf(t.rev, t.passage) + t.start;
    const from = Math.max(0, abs - e.length - SLACK);
    actual = (from === 0 ? BOUNDARY : '') + t.rev.text.slice(from, abs);
  }
  return contextSimilarity(reverse(expected), reverse(actual));
}

export function suffixSimilarity(quote: QuoteSelector, t: Target, samePassage: boolean): number {
  const e = quote.suffix;
  const atChapterEnd = e.length < CONTEXT_LENGTH;
  let expected: string;
  let actual: string;
  if (samePassage) {
    const sep = e.indexOf(SEPARATOR);
    const inner = sep >= 0 ? e.slice(0, sep) : e;
    expected = sep >= 0 || atChapterEnd ? inner + BOUNDARY : inner;
    const text = passageAt(t.rev, t.passage).text;
    const to = Math.min(text.length, t.end + inner.length + SLACK);
    actual = text.slice(t.end, to) + (to === text.length ? BOUNDARY : '');
  } else {
    expected = atChapterEnd ? e + BOUNDARY : e;
    const abs = startOf(t.rev, t.passage) + t.end;
    const to = Math.min(t.rev.text.length, abs + e.length + SLACK);
    actual = t.rev.text.slice(abs, to) + (to === t.rev.text.length ? BOUNDARY : '');
  }
  return contextSimilarity(expected, actual);
}
