// The POV-inference corpus, scored: each labelled chapter (corpus/*.md, canonical markup) is
// parsed, its POV blocks stripped to plain passages, inferPov run on them with the chapter's
// POV characters, and the answer compared with the labels. Shared by infer.bench.ts and
// test/infer-corpus.test.ts so the numbers in docs/benchmarks.md and the test floor agree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inferPov, parseChapter, passagesOf, type InferInput } from '../src/index';

export const CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));

export interface ChapterEntry {
  file: string;
  person: 'first' | 'third';
  breaks: boolean | 'some';
  characters: string[];
  written: 'before-tuning' | 'held-out';
  note?: string;
}

export interface ChapterScore {
  entry: ChapterEntry;
  passages: number;
  correct: number;
  trueBoundaries: number;
  predictedBoundaries: number;
  matchedBoundaries: number;
  words: number;
}

export function loadManifest(): ChapterEntry[] {
  return (JSON.parse(readFileSync(`${CORPUS_DIR}manifest.json`, 'utf8')) as { chapters: ChapterEntry[] })
    .chapters;
}

export async function scoreChapter(entry: ChapterEntry): Promise<ChapterScore> {
  const markup = readFileSync(`${CORPUS_DIR}${entry.file}`, 'utf8');
  const parsed = await parseChapter(markup, {
    format: 'markdown',
    convention: 'directives',
    characters: entry.characters.map((name) => ({ name })),
  });
  if (!parsed.ok) throw new Error(`${entry.file}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  // Labels from the blocks; the input keeps only the text and the scene breaks.
  const labels: (string | null)[] = [];
  for (const seg of parsed.chapter.segments)
    for (const p of seg.passages) labels.push(p.kind === 'text' ? seg.pov : null);
  const input: InferInput[] = passagesOf(parsed.chapter).map((p) => ({ kind: p.kind, text: p.text }));
  const result = inferPov(input, { characters: entry.characters });
  const predicted = new Map(result.passages.map((p) => [p.index, p.character]));
  let passages = 0;
  let correct = 0;
  const gold: string[] = [];
  const guess: string[] = [];
  labels.forEach((label, i) => {
    if (label === null) return;
    passages++;
    const g = predicted.get(i) ?? '';
    if (g === label) correct++;
    gold.push(label);
    guess.push(g);
  });
  const cuts = (xs: string[]) => new Set(xs.flatMap((x, i) => (i > 0 && x !== xs[i - 1] ? [i] : [])));
  const t = cuts(gold);
  const p = cuts(guess);
  return {
    entry,
    passages,
    correct,
    trueBoundaries: t.size,
    predictedBoundaries: p.size,
    matchedBoundaries: [...p].filter((i) => t.has(i)).length,
    words: parsed.chapter.wordCount,
  };
}

export function f1(s: {
  trueBoundaries: number;
  predictedBoundaries: number;
  matchedBoundaries: number;
}): number {
  const precision = s.predictedBoundaries ? s.matchedBoundaries / s.predictedBoundaries : 1;
  const recall = s.trueBoundaries ? s.matchedBoundaries / s.trueBoundaries : 1;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

export function total(scores: ChapterScore[]): Omit<ChapterScore, 'entry'> {
  const sum = (f: (s: ChapterScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  return {
    passages: sum((s) => s.passages),
    correct: sum((s) => s.correct),
    trueBoundaries: sum((s) => s.trueBoundaries),
    predictedBoundaries: sum((s) => s.predictedBoundaries),
    matchedBoundaries: sum((s) => s.matchedBoundaries),
    words: sum((s) => s.words),
  };
}
