import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeRange, locate, reanchor, type PassageText } from '../src';
import { passage } from './fixtures';

// A tiny vocabulary makes repeated phrases (the hard case for choosing an occurrence) common.
const word = fc.constantFrom(
  'the',
  'rain',
  'Mark',
  'Lexie',
  'map',
  'said',
  'light',
  'sea',
  'a',
  'and',
  '—',
  'é',
  '“so”',
);
const text = fc.array(word, { minLength: 1, maxLength: 30 }).map((ws) => ws.join(' '));
const chapter = fc
  .array(fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: fc.constant('') }), {
    minLength: 1,
    maxLength: 12,
  })
  .filter((ts) => ts.some((t) => t.trim() !== ''))
  .map((ts) => ts.map((t, i) => passage(`k${i}`, t)));

/** A chapter plus a valid selection inside one of its non-empty passages (or the whole passage). */
const selection = chapter.chain((ps) => {
  const usable = ps.filter((p) => p.text.trim() !== '');
  return fc.record({
    ps: fc.constant(ps),
    p: fc.constantFrom(...usable),
    a: fc.nat(),
    b: fc.nat(),
    whole: fc.boolean(),
  });
});

function range(p: PassageText, a: number, b: number): [number, number] | undefined {
  const s = a % p.text.length;
  const e = s + 1 + (b % (p.text.length - s));
  return p.text.slice(s, e).trim() === '' ? undefined : [s, e];
}

describe('properties', () => {
  it('anchors on an unchanged revision are placed exactly where they were', () => {
    fc.assert(
      fc.property(selection, ({ ps, p, a, b, whole }) => {
        const r = range(p, a, b);
        const anchor = whole || !r ? describeRange(ps, p.key) : describeRange(ps, p.key, r[0], r[1]);
        const [placed] = reanchor(
          [anchor],
          ps,
          ps.map((x) => ({ ...x })),
        );
        expect(placed).toEqual({
          passageKey: p.key,
          start: whole || !r ? 0 : r[0],
          end: whole || !r ? p.text.length : r[1],
          method: 'exact',
          score: 1,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('describeRange → locate round-trips', () => {
    fc.assert(
      fc.property(selection, ({ ps, p, a, b }) => {
        const r = range(p, a, b);
        fc.pre(r !== undefined);
        const [s, e] = r;
        const placed = locate(describeRange(ps, p.key, s, e), ps);
        expect(placed).toMatchObject({ passageKey: p.key, start: s, end: e, method: 'exact', score: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('after arbitrary edits a placement is orphaned or lies inside one passage of the new revision', () => {
    fc.assert(
      fc.property(selection, chapter, ({ ps, p, a, b }, other) => {
        const r = range(p, a, b);
        fc.pre(r !== undefined);
        const [s, e] = r;
        // Mix old and new passages so that some keys, hashes and phrases survive.
        // Keys stay unique within a revision, as the parser guarantees.
        const fresh = other.slice(0, 3).map((x, i) => ({ ...x, key: `o${i}` }));
        const next = [...fresh, ...ps.slice(1)].map((x, i) => (i % 2 ? x : { ...x, key: `n${i}` }));
        const [placed] = reanchor([describeRange(ps, p.key, s, e)], ps, next);
        expect(placed).toBeDefined();
        if (!placed || placed.method === 'orphaned') return;
        const landing = next.find((x) => x.key === placed.passageKey);
        expect(landing).toBeDefined();
        expect(placed.start).toBeGreaterThanOrEqual(0);
        expect(placed.end).toBeLessThanOrEqual(landing?.text.length ?? -1);
        expect(placed.start).toBeLessThan(placed.end ?? 0);
        if (placed.method === 'moved')
          expect(landing?.text.slice(placed.start ?? 0, placed.end ?? 0)).toBe(p.text.slice(s, e));
      }),
      { numRuns: 300 },
    );
  });
});
