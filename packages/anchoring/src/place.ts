// Finding a quote that is no longer at its old offsets. Search widens in tiers — the
// counterpart passage, then passages within WINDOW chars of the expected position, then the
// whole chapter — and the first tier whose best candidate clears the threshold wins. Inside a
// tier, verbatim (moved) and approximate (fuzzy) candidates compete on one score, so an edited
// occurrence with intact context beats a verbatim repeat of a common phrase elsewhere.
import { prefixSimilarity, suffixSimilarity } from './context';
import { fuzzyIn, maxErrorsFor, snapToWords } from './fuzzy';
import { verbatimIn } from './quote';
import { combine, positionSimilarity, quoteSimilarity } from './score';
import { passageAt, startOf, type Revision } from './text';
import type { Placement, QuoteSelector } from './types';

/** Half-width of the "near the old position" tier, in chapter characters (~4–6 paragraphs). */
export const WINDOW = 2000;

export interface Expectation {
  /** Index in the revision of the passage that the anchored passage became, if any. */
  counterpart: number | undefined;
  /** Where the quote should start in the revision's chapter text. */
  expected: number;
}

interface Scored {
  passage: number;
  start: number;
  end: number;
  verbatim: boolean;
  score: number;
  distance: number;
}

export function placeQuote(
  quote: QuoteSelector,
  rev: Revision,
  exp: Expectation,
  threshold: number,
): Placement {
  const tiers = tiersFor(rev, exp, quote.exact.length);
  let bestRejected = 0;
  for (const tier of tiers) {
    const best = bestIn(tier, quote, rev, exp);
    if (!best) continue;
    if (best.score >= threshold) {
      return {
        passageKey: passageAt(rev, best.passage).key,
        start: best.start,
        end: best.end,
        method: best.verbatim ? 'moved' : 'fuzzy',
        score: best.score,
      };
    }
    bestRejected = Math.max(bestRejected, best.score);
  }
  return orphaned(bestRejected);
}

export function orphaned(score: number): Placement {
  return { passageKey: null, start: null, end: null, method: 'orphaned', score };
}

function tiersFor(rev: Revision, exp: Expectation, quoteLength: number): number[][] {
  const near: number[] = [];
  const far: number[] = [];
  const lo = exp.expected - WINDOW;
  const hi = exp.expected + WINDOW + quoteLength;
  for (let i = 0; i < rev.passages.length; i++) {
    if (i === exp.counterpart) continue;
    const s = startOf(rev, i);
    const e = s + passageAt(rev, i).text.length;
    (e >= lo && s <= hi ? near : far).push(i);
  }
  return exp.counterpart === undefined ? [near, far] : [[exp.counterpart], near, far];
}

function bestIn(
  indices: number[],
  quote: QuoteSelector,
  rev: Revision,
  exp: Expectation,
): Scored | undefined {
  const exact = quote.exact;
  const maxErrors = maxErrorsFor(exact.length);
  let best: Scored | undefined;
  for (const i of indices) {
    const text = passageAt(rev, i).text;
    if (text.length < exact.length - maxErrors) continue;
    const same = i === exp.counterpart;
    const verbatim = verbatimIn(text, exact);
    for (const v of verbatim) best = better(best, score(i, v, v + exact.length, 0, true, same));
    for (const hit of fuzzyIn(text, exact, maxErrors, verbatim)) {
      const m = snapToWords(text, hit, exact, quote.prefix, quote.suffix);
      if (m.end > m.start) best = better(best, score(i, m.start, m.end, m.errors, false, same));
    }
  }
  return best;

  function score(
    passage: number,
    start: number,
    end: number,
    errors: number,
    verbatim: boolean,
    same: boolean,
  ): Scored {
    const t = { rev, passage, start, end };
    const abs = startOf(rev, passage) + start;
    const s = combine(
      quoteSimilarity(errors, exact.length),
      prefixSimilarity(quote, t, same),
      suffixSimilarity(quote, t, same),
      positionSimilarity(abs, exp.expected, rev.text.length),
    );
    return { passage, start, end, verbatim, score: s, distance: Math.abs(abs - exp.expected) };
  }
}

function better(a: Scored | undefined, b: Scored): Scored {
  if (!a) return b;
  if (b.score !== a.score) return b.score > a.score ? b : a;
  return b.distance < a.distance ? b : a;
}
