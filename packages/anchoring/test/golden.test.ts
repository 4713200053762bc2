import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, describeRange, locate, reanchor, type Anchor, type PassageText } from '../src';
import { applyOps, basePassages, goldenRevisions, nthIndex, type Comment } from './fixtures';

function anchorFor(c: Comment): Anchor {
  if (c.quote === undefined) return describeRange(basePassages, c.key);
  const p = basePassages.find((x) => x.key === c.key) as PassageText;
  const start = nthIndex(p.text, c.quote, c.occurrence ?? 0);
  return describeRange(basePassages, c.key, start, start + c.quote.length);
}

/** Scores seen across the golden fixtures, printed once for docs/anchoring.md. */
const landedScores: number[] = [];
const rejectedScores: number[] = [];

describe.each(goldenRevisions)('golden revision: $name', (rev) => {
  const next = applyOps(basePassages, rev.ops);
  const anchors = rev.comments.map(anchorFor);
  const placements = reanchor(anchors, basePassages, next);

  it('returns one placement per anchor, in order', () => {
    expect(placements).toHaveLength(anchors.length);
  });

  it.each(rev.comments.map((c, i) => ({ c, i })))('$c.id → $c.expect.method', ({ c, i }) => {
    const placed = placements[i];
    expect(placed).toBeDefined();
    if (!placed) return;
    expect(placed.score).toBeGreaterThanOrEqual(0);
    expect(placed.score).toBeLessThanOrEqual(1);
    expect(placed.method).toBe(c.expect.method);
    if (c.expect.method === 'orphaned') {
      expect(placed).toMatchObject({ passageKey: null, start: null, end: null });
      expect(placed.score).toBeLessThan(DEFAULT_THRESHOLD);
      rejectedScores.push(placed.score);
      return;
    }
    expect(placed.passageKey).toBe(c.expect.key);
    const landing = next.find((p) => p.key === placed.passageKey) as PassageText;
    expect(landing).toBeDefined();
    if (c.expect.text === undefined) {
      // Whole-passage comment: covers the whole passage.
      expect([placed.start, placed.end]).toEqual([0, landing.text.length]);
    } else {
      expect(landing.text.slice(placed.start ?? -1, placed.end ?? -1)).toBe(c.expect.text);
      expect(placed.start).toBe(nthIndex(landing.text, c.expect.text, c.expect.occurrence ?? 0));
    }
    if (placed.method === 'exact') expect(placed.score).toBe(1);
    else if (c.quote !== undefined) landedScores.push(placed.score);
  });

  it('locate on the base revision finds every comment exactly where it was made', () => {
    for (const a of anchors) {
      const p = locate(a, basePassages);
      expect(p.method).toBe('exact');
      expect(p.passageKey).toBe(a.passageKey);
    }
  });
});

describe('score distribution over the golden fixtures', () => {
  it('keeps correct moved/fuzzy placements above the threshold and lost anchors below it', () => {
    const fmt = (xs: number[]): string =>
      xs
        .sort((a, b) => a - b)
        .map((x) => x.toFixed(3))
        .join(' ');
    console.log(`golden: landed moved/fuzzy quote scores: ${fmt(landedScores)}`);
    console.log(`golden: best rejected score of orphaned anchors: ${fmt(rejectedScores)}`);
    expect(landedScores.length).toBeGreaterThan(10);
    expect(rejectedScores.length).toBeGreaterThan(8);
    expect(Math.min(...landedScores)).toBeGreaterThan(Math.max(...rejectedScores));
  });
});
