// pnpm --filter @margins/segments bench
// Times parseChapter against a bare markdown-it render of the same ~1 MB manuscript, in the
// same process, and rewrites the "Upload parsing" section of docs/benchmarks.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { parseChapter } from '../src/index';

const WORDS = 'the ferry lamp stairs harbour brass key gull tide rope lantern quiet morning letter window salt'.split(' ');
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
  return { median: s[Math.floor(s.length / 2)] as number, min: s[0] as number, max: s[s.length - 1] as number };
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

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
`;

console.log(section);

const docPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
const heading = /^## Upload parsing\n[\s\S]*?(?=^## |(?![\s\S]))/m;
const updated = heading.test(existing) ? existing.replace(heading, `${section}\n`) : `${existing.trimEnd()}\n\n${section}`;
writeFileSync(docPath, updated.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
console.log(`updated ${docPath}`);
