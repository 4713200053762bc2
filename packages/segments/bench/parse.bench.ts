// pnpm --filter @margins/segments bench
// Times parseChapter against a bare markdown-it render of the same ~1 MB manuscript, then
// adversarial uploads against a typical manuscript of the same size (per byte), in the same
// process, and rewrites the "Upload parsing" section of docs/benchmarks.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import MarkdownIt from 'markdown-it';
import { md as ourMarkdownIt } from '../src/markdown';
import { parseChapter, passagesOf, type ParseOptions, type Passage } from '../src/index';
import { adversarialCases, typicalHtml } from './adversarial';

const WORDS =
  'the ferry lamp stairs harbour brass key gull tide rope lantern quiet morning letter window salt'.split(
    ' ',
  );
const characters = [{ name: 'Mark' }, { name: 'Lexie' }];

/** Deterministic pseudo-random prose (xorshift), so every run measures the same text. */
function manuscript(targetBytes: number): string {
  let seed = 2463534242;
  const rand = (n: number): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const parts: string[] = [];
  let size = 0;
  let pov = 0;
  while (size < targetBytes) {
    const block: string[] = [`::: pov ${characters[pov % 2]?.name}`];
    for (let p = 0, n = 2 + rand(5); p < n; p++) {
      const words = Array.from({ length: 30 + rand(80) }, (_, i) => {
        const w = WORDS[rand(WORDS.length)] as string;
        return i % 17 === 5 ? `*${w}*` : i % 23 === 7 ? `**${w}**` : w;
      });
      block.push(`${words.join(' ')}.`);
      if (rand(6) === 0) block.push('***');
    }
    block.push(':::');
    const text = block.join('\n\n');
    parts.push(text);
    size += text.length + 2;
    pov++;
  }
  return parts.join('\n\n') + '\n';
}

function stats(samples: number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)] as number,
    min: s[0] as number,
    max: s[s.length - 1] as number,
  };
}

async function time(fn: () => unknown, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const text = manuscript(1024 * 1024);
const bytes = new TextEncoder().encode(text);
const md = new MarkdownIt();
const RUNS = 15;
const WARMUP = 3;

const check = await parseChapter(bytes, { format: 'markdown', characters });
if (!check.ok) throw new Error(JSON.stringify(check.problems.slice(0, 3)));
const passages = check.chapter.segments.reduce((n, s) => n + s.passages.length, 0);

await time(() => md.render(text), WARMUP);
await time(() => parseChapter(bytes, { format: 'markdown', characters }), WARMUP);
// Interleave the two so that neither benefits from a quieter moment of the machine.
const bare: number[] = [];
const ours: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(...(await time(() => md.render(text), 1)));
  ours.push(...(await time(() => parseChapter(bytes, { format: 'markdown', characters }), 1)));
}
const b = stats(bare);
const o = stats(ours);
const ratio = o.median / b.median;
const ms = (n: number): string => n.toFixed(1);

// Adversarial uploads: each ~1 MB, timed alternately with a typical manuscript of the same
// format (and, for re-saves, a typical manuscript saved again unchanged), per byte.
const ADV_RUNS = 5;
const html = typicalHtml(text);
const htmlBytes = new TextEncoder().encode(html).byteLength;
const typicalPrevious = passagesOf(check.chapter);
const baselines = {
  markdown: {
    input: text,
    bytes: bytes.byteLength,
    options: { format: 'markdown', characters } as ParseOptions,
  },
  html: { input: html, bytes: htmlBytes, options: { format: 'html', characters } as ParseOptions },
  resave: {
    input: text,
    bytes: bytes.byteLength,
    options: { format: 'markdown', characters, previous: typicalPrevious } as ParseOptions,
  },
};
// The library alone on the same two inputs (markdown-it as we configure it, or htmlparser2
// with no-op callbacks): how much of a ratio is the library's own cost per byte.
const library = {
  markdown: (s: string): unknown => ourMarkdownIt.parse(s, {}),
  html: (s: string): unknown => {
    const p = new Parser(
      { onopentag() {}, ontext() {}, onclosetag() {} },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    p.write(s);
    p.end();
    return p;
  },
};
const adversarial: {
  name: string;
  bytes: number;
  baseline: string;
  outcome: string;
  ms: number;
  baseMs: number;
  ratio: number;
  libraryRatio: number;
}[] = [];
for (const c of adversarialCases(bytes.byteLength)) {
  let previous: Passage[] | undefined;
  if (c.before !== undefined) {
    const first = await parseChapter(c.before, { format: c.format, characters, maxBytes: Infinity });
    if (first.ok) previous = passagesOf(first.chapter);
  }
  const options: ParseOptions = {
    format: c.format,
    characters,
    maxBytes: Infinity,
    ...(previous ? { previous } : {}),
  };
  const baseKey = c.before !== undefined ? 'resave' : c.format;
  const base = baselines[baseKey];
  const size = new TextEncoder().encode(c.input).byteLength;
  const result = await parseChapter(c.input, options);
  const count = result.ok ? passagesOf(result.chapter).length : 0;
  const outcome = result.ok
    ? `${count} passage${count === 1 ? '' : 's'}`
    : `refused: ${result.problems[0]?.code ?? '?'}`;
  await parseChapter(base.input, base.options);
  const adv: number[] = [];
  const typ: number[] = [];
  for (let i = 0; i < ADV_RUNS; i++) {
    adv.push(...(await time(() => parseChapter(c.input, options), 1)));
    typ.push(...(await time(() => parseChapter(base.input, base.options), 1)));
  }
  const ms = stats(adv).median;
  const baseMs = stats(typ).median;
  const ratio = ms / size / (baseMs / base.bytes);
  const lib = library[c.format];
  const libAdv: number[] = [];
  const libTyp: number[] = [];
  for (let i = 0; i < ADV_RUNS; i++) {
    libAdv.push(...(await time(() => lib(c.input), 1)));
    libTyp.push(...(await time(() => lib(base.input), 1)));
  }
  const libraryRatio = stats(libAdv).median / size / (stats(libTyp).median / base.bytes);
  adversarial.push({
    name: c.name,
    bytes: size,
    baseline: baseKey,
    outcome,
    ms,
    baseMs,
    ratio,
    libraryRatio,
  });
  console.log(
    `${c.name}: ${ms.toFixed(1)} ms vs ${baseMs.toFixed(1)} ms, ${ratio.toFixed(2)}× per byte (${outcome}); library alone ${libraryRatio.toFixed(2)}×`,
  );
}
const worst = adversarial.reduce((a, b) => (b.ratio > a.ratio ? b : a));
const over = adversarial.filter((a) => a.ratio > 3);
const listed = (rows: typeof adversarial): string =>
  rows.length === 0 ? 'none' : rows.map((a) => `${a.name} (${a.ratio.toFixed(2)}×)`).join(', ');
// Over target with the library alone over target on the same input too, or not.
const libraryBound = over.filter((a) => a.libraryRatio > 3);
const ownCost = over.filter((a) => a.libraryRatio <= 3);
const baselineName: Record<string, string> = {
  markdown: 'Markdown',
  html: 'HTML',
  resave: 'Markdown, saved again',
};

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const section = `## Upload parsing

\`pnpm --filter @margins/segments bench\` (packages/segments/bench/parse.bench.ts): a generated
${(bytes.byteLength / 1024 / 1024).toFixed(2)} MB manuscript in canonical POV markup (${check.chapter.segments.length} segments,
${passages} passages, ${check.chapter.wordCount} words), ${WARMUP} warm-up runs then ${RUNS} interleaved runs each.

| what | median | min – max |
| --- | --- | --- |
| bare \`markdown-it\` render | ${ms(b.median)} ms | ${ms(b.min)} – ${ms(b.max)} ms |
| \`parseChapter\` (decode, directives, segments, keys, counts, html) | ${ms(o.median)} ms | ${ms(o.min)} – ${ms(o.max)} ms |

Ratio parseChapter / markdown-it: **${ratio.toFixed(2)}×** (target ≤ 1.5×).

### Adversarial uploads

Each hostile input (bench/adversarial.ts) is built to the size of the manuscript above and
timed against a typical manuscript of the same format, ${ADV_RUNS} alternating runs each (medians); the
ratio is time per byte, adversarial / typical (target ≤ 3×). The HTML baseline is the same
manuscript as \`<p>\` paragraphs; re-saves are compared with the manuscript saved again unchanged.
Deep nesting is refused (\`too_deep\`) before the libraries' depth-bound work. An upload whose
shape is not prose is refused in one cheap pass before the expensive work (packages/segments/src/shape.ts):
more than 10,000 paragraphs (\`too_many_passages\`), Markdown formatting characters above one in 8
or HTML formatting changes above one in 8 characters (\`too_much_formatting\`), and blockquote or
list lines weighted by nesting above one per 4 bytes (\`too_much_structure\`); each message says
where and how to fix it, and test/shape.test.ts checks real chapters at their densest still pass.
The rows "at the … limit" are the worst an upload can do *under* those limits. That the work
stays linear in every case, limits off, is a test (test/linear.test.ts), not a timing. The last
column times the parsing library alone (markdown-it as configured here, or htmlparser2 with
empty callbacks) on the same two inputs; parseChapter does not call markdown-it for runs of
plain paragraphs or for plain text, so there that column is what the library would have cost.

| input | size | outcome | median | typical (same format) | per byte | library alone, per byte |
| --- | --- | --- | --- | --- | --- | --- |
${adversarial.map((a) => `| ${a.name} | ${(a.bytes / 1024).toFixed(0)} KB | ${a.outcome} | ${ms(a.ms)} ms | ${ms(a.baseMs)} ms (${baselineName[a.baseline]}) | ${a.ratio.toFixed(2)}× | ${a.libraryRatio.toFixed(2)}× |`).join('\n')}

Worst: **${worst.ratio.toFixed(2)}×** per byte (${worst.name}); ${over.length === 0 ? 'every input within 3×.' : `${over.length} of ${adversarial.length} over 3×.`}
Over 3×, with the library alone over 3× on the same input too: ${listed(libraryBound)}.
Over 3×, with the library alone within 3×: ${listed(ownCost)}.

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
`;

console.log(section);

const docPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
const heading = /^## Upload parsing\n[\s\S]*?(?=^## |(?![\s\S]))/m;
const updated = heading.test(existing)
  ? existing.replace(heading, `${section}\n`)
  : `${existing.trimEnd()}\n\n${section}`;
writeFileSync(docPath, updated.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
console.log(`updated ${docPath}`);
