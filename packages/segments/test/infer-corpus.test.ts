// The POV-inference accuracy floor on the labelled corpus (bench/infer.bench.ts prints the
// table in docs/benchmarks.md). A correctness threshold, not a timing. The floors are what the
// inference reaches today, below the targets (≥ 95 % close third, ≥ 85 % overall),
// so a change that makes it worse fails here; raise them as it improves. (Held-out chapters
// 15–17 lowered the measured levels when they were added: they are scored as written.)
import { describe, expect, it } from 'vitest';
import { inferPov } from '../src/index';
import { loadManifest, scoreChapter, total, type ChapterScore } from '../bench/infer-corpus';

const scores: ChapterScore[] = [];
const share = (keep: (s: ChapterScore) => boolean) => {
  const t = total(scores.filter(keep));
  return t.correct / t.passages;
};

describe('inferPov on the labelled corpus', () => {
  it('has at least 12 chapters of 2–4 POV characters, first and close third person, with and without breaks', async () => {
    const manifest = loadManifest();
    for (const e of manifest) scores.push(await scoreChapter(e));
    expect(manifest.length).toBeGreaterThanOrEqual(12);
    expect(manifest.every((e) => e.characters.length >= 2 && e.characters.length <= 4)).toBe(true);
    expect(new Set(manifest.map((e) => e.person))).toEqual(new Set(['first', 'third']));
    expect(new Set(manifest.map((e) => e.breaks === true))).toEqual(new Set([true, false]));
  }, 60_000);

  it('gets at least 86 % of all passages right', () => {
    expect(share(() => true)).toBeGreaterThanOrEqual(0.86);
  });

  it('gets at least 85 % of close-third-person passages right', () => {
    expect(share((s) => s.entry.person === 'third')).toBeGreaterThanOrEqual(0.85);
  });

  it('gets at least 95 % right in close third person where every POV change is at a scene break', () => {
    expect(share((s) => s.entry.person === 'third' && s.entry.breaks === true)).toBeGreaterThanOrEqual(0.95);
  });

  it('gets at least 90 % of first-person passages right', () => {
    expect(share((s) => s.entry.person === 'first')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('inferPov', () => {
  it('reads plain text: paragraphs, scene breaks, one boundary with a confidence and reasons', () => {
    const text = [
      'Mark counted the gulls. He thought the ferry would never come.',
      'He wondered whether Lexie had the key.',
      '***',
      'Lexie found the door open. She knew at once that something was wrong.',
      'She climbed the stairs and thought of Mark.',
    ].join('\n\n');
    const r = inferPov(text, { characters: ['Mark', 'Lexie'] });
    expect(r.passages.map((p) => [p.index, p.character])).toEqual([
      [0, 'Mark'],
      [1, 'Mark'],
      [3, 'Lexie'],
      [4, 'Lexie'],
    ]);
    expect(r.boundaries).toHaveLength(1);
    expect(r.boundaries[0]).toMatchObject({ index: 3, from: 'Mark', to: 'Lexie', atBreak: true });
    for (const p of r.passages) {
      expect(p.confidence).toBeGreaterThan(0.5);
      expect(p.reasons.length).toBeGreaterThan(0);
    }
  });

  it('proposes characters from frequent names when none are given', () => {
    const text =
      'Mark walked in. Then Mark sat down next to Lexie.\n\nLexie smiled at Mark, and Lexie laughed.\n\nLater Mark left and Lexie stayed.';
    const r = inferPov(text);
    expect(r.proposed).toBe(true);
    expect(new Set(r.characters)).toEqual(new Set(['Mark', 'Lexie']));
  });

  it('names the narrator of a first-person chapter from “I’m …” and from who is spoken to', () => {
    const text = [
      "I'm Nadia, and I found the letters.",
      'I carried them inside. Jonah was at the table.',
      '"Nadia," he said. "I\'m working."',
      '***',
      'This is Jonah. I did not want to look at the letters.',
      'I looked anyway, while Nadia waited.',
    ].join('\n\n');
    const r = inferPov(text, { characters: ['Nadia', 'Jonah'] });
    expect(r.person).toBe('first');
    expect(r.passages.map((p) => p.character)).toEqual(['Nadia', 'Nadia', 'Nadia', 'Jonah', 'Jonah']);
  });

  it('returns nothing to apply when there is no text or no character', () => {
    expect(inferPov('', { characters: ['Mark'] }).passages).toEqual([]);
    expect(inferPov('***', { characters: ['Mark'] }).boundaries).toEqual([]);
  });
});
