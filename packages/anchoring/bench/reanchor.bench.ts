/// <reference types="node" />
// Re-anchoring benchmark: ~100 KB chapter, 1,000 comments, one realistic edit revision.
// Run: pnpm --filter @margins/anchoring bench. Prints numbers and rewrites the "Re-anchoring"
// section of docs/benchmarks.md. Deterministic (fixed PRNG seed) apart from the timings.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_THRESHOLD,
  describeRange,
  reanchor,
  type Anchor,
  type PassageText,
  type Placement,
} from '../src';
import { hashOf } from '../test/fixtures';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20_260_101);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: T[]): T => xs[int(xs.length)] as T;

const VOCAB = (
  'harbour ferry gull rain map lighthouse headland chapel tide rope lantern salt kettle window door stair ' +
  'shore cliff boat net anchor compass letter story winter summer morning evening night storm wind cloud ' +
  'Mark Lexie father mother sister stranger keeper sailor baker teacher child dog cat horse crow heron ' +
  'walked waited listened remembered forgot carried folded opened closed watched whispered laughed argued ' +
  'slowly quietly suddenly carefully almost never always again still only just already perhaps ' +
  'grey green silver bright dark cold warm wet quiet loud old new small long narrow empty heavy ' +
  'the a of and to in on with under over behind beside toward against through without before after ' +
  'she he they it her his their its was were had would could should might said asked told knew ' +
  'paper tea cup coat hood hands voice light shadow stone wall roof road hill field river bridge town'
).split(' ');

/** Passage = array of words; sentences of 6–16 words, 3–6 sentences. */
function makeWords(): string[] {
  const words: string[] = [];
  const sentences = 3 + int(4);
  for (let s = 0; s < sentences; s++) {
    const n = 6 + int(11);
    for (let k = 0; k < n; k++) {
      let w = pick(VOCAB);
      if (k === 0) w = w[0]?.toUpperCase() + w.slice(1);
      if (k === n - 1) w += '.';
      else if (rnd() < 0.08) w += ',';
      words.push(w);
    }
  }
  return words;
}

function typo(w: string): string {
  // Swap two inner letters, or drop one: the kind of slip an author fixes in a later revision.
  if (w.length < 4) return w + w.slice(-1);
  const i = 1 + int(w.length - 3);
  return rnd() < 0.5 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + w.slice(i + 1);
}

interface Para {
  key: string;
  words: string[];
}
const toPassage = (p: Para): PassageText => {
  const text = p.words.join(' ');
  return { key: p.key, text, hash: hashOf(text) };
};
/** Offset of word i in the joined text. */
const wordOffset = (words: string[], i: number): number =>
  words.slice(0, i).reduce((n, w) => n + w.length + 1, 0);

// --- base revision: ~100 KB -------------------------------------------------------------
const base: Para[] = [];
let size = 0;
while (size < 100_000) {
  const p = { key: `p${base.length}`, words: makeWords() };
  base.push(p);
  size += p.words.join(' ').length + 2;
}
// ~10 % of passages carry a typo that the next revision fixes (word index → typo'd form).
const typoAt = new Map<string, number>();
for (const p of base) {
  if (rnd() < 0.1) {
    const i = int(p.words.length);
    typoAt.set(p.key, i);
    p.words[i] = typo(p.words[i] as string);
  }
}
const previous = base.map(toPassage);

// --- 1,000 comments ------------------------------------------------------------------------
interface Comment {
  anchor: Anchor;
  key: string;
  /** word range, or undefined for a whole-passage comment */
  from?: number;
  to?: number;
}
const comments: Comment[] = [];
for (let c = 0; c < 1000; c++) {
  const p = pick(base);
  if (rnd() < 0.1) {
    comments.push({ anchor: describeRange(previous, p.key), key: p.key });
    continue;
  }
  const len = 2 + int(7);
  const from = int(Math.max(1, p.words.length - len));
  const to = Math.min(p.words.length, from + len);
  const s = wordOffset(p.words, from);
  const e = wordOffset(p.words, to) - 1;
  comments.push({ anchor: describeRange(previous, p.key, s, e), key: p.key, from, to });
}

// --- next revision ---------------------------------------------------------------------------
let next: Para[] = base.map((p) => ({ key: p.key, words: [...p.words] }));
for (const p of next) {
  const i = typoAt.get(p.key);
  if (i !== undefined) p.words[i] = (p.words[i] as string).length > 0 ? fixed(p.key, i) : '';
}
function fixed(key: string, i: number): string {
  // The "fix" is a fresh correct word; what matters is that the passage and quote text changed.
  return `${pick(VOCAB)}${(base.find((b) => b.key === key)?.words[i] ?? '').endsWith('.') ? '.' : ''}`;
}
const commented = [...new Set(comments.map((c) => c.key))];
const deleted = new Set<string>();
while (deleted.size < Math.max(3, Math.round(commented.length * 0.01))) deleted.add(pick(commented));
next = next.filter((p) => !deleted.has(p.key));
// A moved block of 8 passages, from ~30 % to ~80 % of the chapter.
const blockAt = Math.floor(next.length * 0.3);
const block = next.splice(blockAt, 8);
next.splice(Math.floor(next.length * 0.8), 0, ...block);
for (let k = 0; k < 5; k++) next.splice(int(next.length), 0, { key: `new${k}`, words: makeWords() });
const nextPassages = next.map(toPassage);
const nextByKey = new Map(next.map((p) => [p.key, p]));

// --- run -----------------------------------------------------------------------------------
const anchors = comments.map((c) => c.anchor);
for (let w = 0; w < 3; w++) reanchor(anchors, previous, nextPassages);
const times: number[] = [];
let placements: Placement[] = [];
for (let r = 0; r < 15; r++) {
  const t0 = performance.now();
  placements = reanchor(anchors, previous, nextPassages);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] as number;

let surviving = 0;
let correct = 0;
let lost = 0;
let orphaned = 0;
const methods: Record<string, number> = {};
const landedScores: number[] = [];
const wrong: string[] = [];
comments.forEach((c, i) => {
  const pl = placements[i] as Placement;
  methods[pl.method] = (methods[pl.method] ?? 0) + 1;
  if (deleted.has(c.key)) {
    lost++;
    if (pl.method === 'orphaned') orphaned++;
    else wrong.push(`deleted ${c.key} placed ${pl.method} ${pl.score.toFixed(3)}`);
    return;
  }
  if (c.from === undefined || c.to === undefined) return; // whole-passage: counted in methods only
  surviving++;
  const p = nextByKey.get(c.key) as Para;
  const expectedText = p.words.slice(c.from, c.to).join(' ');
  const expectedStart = wordOffset(p.words, c.from);
  const got =
    pl.passageKey === null
      ? null
      : nextPassages.find((x) => x.key === pl.passageKey)?.text.slice(pl.start ?? 0, pl.end ?? 0);
  if (pl.passageKey === c.key && pl.start === expectedStart && got === expectedText) {
    correct++;
    if (pl.method !== 'exact') landedScores.push(pl.score);
  } else
    wrong.push(
      `${c.key} "${expectedText}" → ${pl.method} ${pl.score.toFixed(3)} ${pl.passageKey} "${got ?? ''}"`,
    );
});

// Wrong-candidate scores: re-run the lost anchors with no threshold; whatever they land on is wrong.
const lostAnchors = comments
  .filter((c) => deleted.has(c.key) && c.anchor.quote !== null)
  .map((c) => c.anchor);
const forced = reanchor(lostAnchors, previous, nextPassages, { threshold: 0 });
const wrongScores = forced.filter((p) => p.method !== 'orphaned').map((p) => p.score);
const q = (xs: number[], f: number): string =>
  xs.length ? ([...xs].sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))] as number).toFixed(3) : '–';

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `- Machine: ${cpu}, ${os.cpus().length} cores; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
  `- Chapter: ${(previous.reduce((n, p) => n + p.text.length + 2, -2) / 1000).toFixed(1)} KB, ${previous.length} passages → ${nextPassages.length} passages in the edit revision (typo fixes in ${typoAt.size} passages, 5 inserted, a block of 8 moved, ${deleted.size} commented passages deleted)`,
  `- Comments: ${comments.length} (${comments.filter((c) => c.from === undefined).length} whole-passage)`,
  `- reanchor() total: median ${median.toFixed(1)} ms over ${times.length} runs after 3 warm-ups (min ${(times[0] as number).toFixed(1)}, max ${(times[times.length - 1] as number).toFixed(1)} ms)`,
  `- Surviving quotes placed correctly (landed text = original or its edited form, same passage and offset): ${correct} / ${surviving} (${((100 * correct) / Math.max(1, surviving)).toFixed(2)} %)`,
  `- Comments on deleted passages orphaned: ${orphaned} / ${lost}`,
  `- Methods: ${Object.entries(methods)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ')}`,
  `- Scores (threshold ${DEFAULT_THRESHOLD}): correct moved/fuzzy min ${q(landedScores, 0)}, p1 ${q(landedScores, 0.01)}, median ${q(landedScores, 0.5)}; best wrong candidate of lost quotes (threshold 0) max ${q(wrongScores, 1)}, median ${q(wrongScores, 0.5)} (${wrongScores.length} of ${lostAnchors.length} found any candidate)`,
];
console.log(lines.join('\n'));
if (wrong.length) console.log(`\nMisplaced (${wrong.length}):\n${wrong.slice(0, 20).join('\n')}`);

const kb = (previous.reduce((n, p) => n + p.text.length + 2, -2) / 1000).toFixed(1);
const section = `## Re-anchoring

\`pnpm --filter @margins/anchoring bench\` (packages/anchoring/bench/reanchor.bench.ts): a generated
${kb} KB chapter (deterministic PRNG word-salad from a fixed ~190-word vocabulary, ${previous.length} passages),
${comments.length.toLocaleString('en-US')} comments (random 2–8-word phrases inside passages, ${comments.filter((c) => c.from === undefined).length} whole-passage), and one edit revision:
${typoAt.size} passages (~10 %) with a one-word fix (the base revision carries a letter-swap typo there, the
revision has a different vocabulary word — a harder edit than a real typo fix), 5 inserted
paragraphs, a block of 8 passages moved from ~30 % to ~80 % of the chapter, and ${deleted.size} commented
passages (1 %) deleted. \`reanchor()\` timed on the whole batch (prepare + diff + all anchors),
3 warm-up runs then ${times.length} runs.

| what | result | target |
| --- | --- | --- |
| \`reanchor()\` ${comments.length.toLocaleString('en-US')} anchors, median | ${median.toFixed(1)} ms (min ${(times[0] as number).toFixed(1)} – max ${(times[times.length - 1] as number).toFixed(1)} ms) | < 100 ms |
| surviving quotes placed correctly (same passage, same offset, landed text = original or its edited form) | ${correct} / ${surviving} (${((100 * correct) / Math.max(1, surviving)).toFixed(correct === surviving ? 0 : 2)} %) | ≥ 99 % |
| comments on deleted passages orphaned | ${orphaned} / ${lost} | all |
| methods | ${Object.entries(methods)
  .map(([m, n]) => `${m} ${n}`)
  .join(', ')} | |
| scores of correct moved/fuzzy placements | min ${q(landedScores, 0)}, p1 ${q(landedScores, 0.01)}, median ${q(landedScores, 0.5)} | ≥ threshold ${DEFAULT_THRESHOLD} |
| best wrong candidate of lost quotes (re-run with threshold 0) | max ${q(wrongScores, 1)}, median ${q(wrongScores, 0.5)} (${wrongScores.length} of ${lostAnchors.length} found any) | < threshold ${DEFAULT_THRESHOLD} |

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
`;
const docPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
const heading = /^## Re-anchoring\n[\s\S]*?(?=^## |(?![\s\S]))/m;
const updated = heading.test(existing)
  ? existing.replace(heading, `${section}\n`)
  : `${existing.trimEnd()}\n\n${section}`;
writeFileSync(docPath, updated.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
console.log(`updated ${docPath}`);
