import { AnchorError } from './errors';
import { CONTEXT_LENGTH, chapterText } from './text';
import type { Anchor, PassageText } from './types';

/**
 * Turns a reader's selection inside one passage into an Anchor. `start`/`end` are offsets in
 * that passage's text; omit both for a comment on the whole passage. The position is stored in
 * chapter coordinates (W3C TextPositionSelector) and the quote keeps CONTEXT_LENGTH characters
 * of chapter text either side, so context may reach into neighbouring passages.
 */
export function describeRange(
  passages: PassageText[],
  passageKey: string,
  start?: number,
  end?: number,
): Anchor {
  const index = passages.findIndex((p) => p.key === passageKey);
  if (index < 0) throw new AnchorError('unknown-passage', `No passage with key "${passageKey}"`);
  const passage = passages[index] as PassageText;
  const { text, starts } = chapterText(passages);
  const base = starts[index] as number;

  if (start === undefined && end === undefined) {
    if (passage.text.trim() === '')
      throw new AnchorError('empty-selection', `Passage "${passageKey}" has no text to comment on`);
    return { passageKey, quote: null, position: { start: base, end: base + passage.text.length } };
  }
  if (start === undefined || end === undefined)
    throw new AnchorError('bad-range', 'Give both start and end, or neither');
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > passage.text.length ||
    start > end
  ) {
    throw new AnchorError(
      'bad-range',
      `Range ${start}..${end} is outside passage "${passageKey}" (length ${passage.text.length})`,
    );
  }
  const exact = passage.text.slice(start, end);
  // A quote of only whitespace has no words to follow across revisions.
  if (exact.trim() === '') throw new AnchorError('empty-selection', 'The selection is empty');

  const absStart = base + start;
  const absEnd = base + end;
  return {
    passageKey,
    quote: {
      exact,
      prefix: text.slice(Math.max(0, absStart - CONTEXT_LENGTH), absStart),
      suffix: text.slice(absEnd, absEnd + CONTEXT_LENGTH),
    },
    position: { start: absStart, end: absEnd },
  };
}
