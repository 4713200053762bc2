import { describe, expect, it } from 'vitest';
import { AnchorError, CONTEXT_LENGTH, chapterText, describeRange, locate, reanchor } from '../src';
import { basePassages, passage } from './fixtures';

const ps = [
  passage('a', 'First passage.'),
  passage('b', ''),
  passage('c', 'Second one, with more words in it than the context window holds.'),
];

describe('chapterText', () => {
  it('joins passages with a blank line and reports each start', () => {
    const { text, starts } = chapterText(ps);
    expect(text).toBe(
      'First passage.\n\n\n\nSecond one, with more words in it than the context window holds.',
    );
    expect(starts).toEqual([0, 16, 18]);
    expect(chapterText([])).toEqual({ text: '', starts: [] });
  });
});

describe('describeRange', () => {
  it('stores chapter offsets and up to CONTEXT_LENGTH chars of context across passages', () => {
    const a = describeRange(ps, 'c', 0, 6);
    expect(a).toEqual({
      passageKey: 'c',
      quote: {
        exact: 'Second',
        prefix: 'First passage.\n\n\n\n',
        suffix: ' one, with more words in it than',
      },
      position: { start: 18, end: 24 },
    });
    expect(a.quote?.suffix).toHaveLength(CONTEXT_LENGTH);
  });

  it('describes a whole passage with a null quote', () => {
    expect(describeRange(ps, 'a')).toEqual({ passageKey: 'a', quote: null, position: { start: 0, end: 14 } });
  });

  it.each([
    ['unknown-passage', () => describeRange(ps, 'zz', 0, 1)],
    ['bad-range', () => describeRange(ps, 'a', 3, 2)],
    ['bad-range', () => describeRange(ps, 'a', 0, 99)],
    ['bad-range', () => describeRange(ps, 'a', -1, 2)],
    ['bad-range', () => describeRange(ps, 'a', 0.5, 2)],
    ['bad-range', () => describeRange(ps, 'a', 0)],
    ['empty-selection', () => describeRange(ps, 'a', 2, 2)],
    ['empty-selection', () => describeRange(ps, 'c', 6, 7)],
    ['empty-selection', () => describeRange(ps, 'b')],
  ])('throws AnchorError %s', (code, fn) => {
    expect(fn).toThrow(AnchorError);
    try {
      fn();
    } catch (e) {
      expect((e as AnchorError).code).toBe(code);
    }
  });
});

describe('robustness', () => {
  it('orphans a malformed or foreign anchor instead of throwing', () => {
    const bad = {
      passageKey: 'nope',
      quote: { exact: '', prefix: '', suffix: '' },
      position: { start: 5, end: 5 },
    };
    expect(reanchor([bad], ps, ps)[0]).toMatchObject({ method: 'orphaned', passageKey: null });
    expect(locate({ passageKey: 'nope', quote: null, position: { start: 0, end: 3 } }, ps)).toMatchObject({
      method: 'orphaned',
    });
    expect(reanchor([describeRange(ps, 'a', 0, 5)], ps, [])[0]).toMatchObject({ method: 'orphaned' });
  });

  it('locate finds a quote that moved when only the new revision is known', () => {
    const a = describeRange(basePassages, 'p14', 0, 18);
    const shuffled = [...basePassages.slice(13), ...basePassages.slice(0, 13)];
    expect(locate(a, shuffled)).toMatchObject({ passageKey: 'p14', start: 0, end: 18, method: 'moved' });
  });

  it('a lower threshold is honoured, a higher one orphans weaker matches', () => {
    const a = describeRange(basePassages, 'p08', 21, 36); // "It was to sweet"
    const next = basePassages.map((p) =>
      p.key === 'p08' ? passage('p08', p.text.replace('to sweet', 'too sweet')) : p,
    );
    expect(reanchor([a], basePassages, next)[0]?.method).toBe('fuzzy');
    expect(reanchor([a], basePassages, next, { threshold: 0.999 })[0]?.method).toBe('orphaned');
  });
});
