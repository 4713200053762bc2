// pnpm --filter @margins/segments bench:infer (also part of `pnpm bench`)
// Scores inferPov on the labelled corpus (corpus/manifest.json) and rewrites the
// "POV inference" section of docs/benchmarks.md. Accuracy, not time: the work is linear
// (test/linear.test.ts) and a chapter takes milliseconds.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { f1, loadManifest, scoreChapter, total, type ChapterScore } from './infer-corpus';

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '—');
const scores: ChapterScore[] = [];
for (const entry of loadManifest()) scores.push(await scoreChapter(entry));

const row = (label: string, s: Omit<ChapterScore, 'entry'>, extra: string) =>
  `| ${label} | ${extra} | ${s.words.toLocaleString('en')} | ${s.correct}/${s.passages} | ${pct(s.correct, s.passages)} | ${s.matchedBoundaries}/${s.trueBoundaries} (${s.predictedBoundaries} proposed) | ${f1(s).toFixed(2)} |`;
const groups: [string, (s: ChapterScore) => boolean][] = [
  ['**close third person**', (s) => s.entry.person === 'third'],
  ['**first person**', (s) => s.entry.person === 'first'],
  ['**written before tuning**', (s) => s.entry.written === 'before-tuning'],
  ['**held out** (written after tuning)', (s) => s.entry.written === 'held-out'],
  ['**held out, 13–14**', (s) => /^1[34]-/.test(s.entry.file)],
  ['**held out, 15–17** (written before the second round of tuning)', (s) => /^1[5-7]-/.test(s.entry.file)],
  ['**all**', () => true],
];
const all = total(scores);
const third = total(scores.filter((s) => s.entry.person === 'third'));
const lines = [
  'Command: `pnpm --filter @margins/segments bench:infer` (also run by `pnpm bench`). `inferPov` on the labelled',
  'chapters in `packages/segments/corpus/` (canonical markup, POV blocks stripped before inference; scene breaks',
  'kept, as a copy keeps them). A passage is correct when its inferred character is the labelled one; a boundary',
  "is correct only at the exact passage. Characters are the chapter's POV characters, as the author gives them.",
  'Chapters 01–12 were all written before any inference code existed; 13–14 were written after the first round of',
  'tuning and 15–17 after the second (before any change for switches inside a scene); none of 13–17 was used to tune',
  '(all tuning looked at 01–12 only). The chapters are 400–1,300 words, shorter',
  'than most real chapters, with 12–39 passages each.',
  '',
  `Passages correct: **${pct(all.correct, all.passages)}** overall (target ≥ 85 %), **${pct(third.correct, third.passages)}** on close third person (target ≥ 95 %); boundary F1 **${f1(all).toFixed(2)}**.`,
  '',
  '| chapter | POV · breaks | words | passages correct | % | boundaries found | boundary F1 |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...scores.map((s) =>
    row(
      `${s.entry.file}${s.entry.written === 'held-out' ? ' (held out)' : ''}`,
      s,
      `${s.entry.person} ${s.entry.characters.length} (${s.entry.characters.join(', ')}) · ${s.entry.breaks === true ? 'breaks' : s.entry.breaks === 'some' ? 'some breaks' : 'no breaks'}`,
    ),
  ),
  ...groups.map(([label, keep]) => row(label, total(scores.filter(keep)), '')),
];
const section = `## POV inference\n\n${lines.join('\n')}\n`;
console.log(section);

const docPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const doc = readFileSync(docPath, 'utf8');
const heading = /^## POV inference\n[\s\S]*?(?=^## |(?![\s\S]))/m;
const updated = heading.test(doc) ? doc.replace(heading, `${section}\n`) : `${doc.trimEnd()}\n\n${section}`;
writeFileSync(docPath, updated.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
