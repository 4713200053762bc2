// Every parsing path is linear in its input, whatever the input: each adversarial input grown
// 4× must cost at most ~5× the work. Work is the parser's own step count (ParseOptions.work),
// not time, so the test is deterministic; see bench/parse.bench.ts for the timings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_DEPTH } from '../src/markdown';
import { inferPov, parseChapter, passagesOf, type ParseOptions, type Passage } from '../src/index';
import { newWork } from '../src/work';
import { characters } from './story';

type Format = 'markdown' | 'html';
interface Case {
  input: string;
  format: Format;
  /** Parsed first (its work not counted); its passages are the previous revision. */
  before?: string;
  styleMapping?: ParseOptions['styleMapping'];
}

/**
 * Each family builds an input of about n units of size; `w` is a short random word. The
 * family that re-keys edited passages starts at n = BIG: below MAX_PAIRS candidate pairs
 * (keys.ts) every pair is compared, and up to ~110 passages the window grows with the chapter
 * until NEAR caps it; both are costs bounded by constants. Past them the work is linear.
 */
const BIG = 450;
const startsBig = new Set(['every paragraph lightly edited']);
const families: Record<string, (n: number, w: string) => Case> = {
  'identical paragraphs': (n, w) => ({ input: `${w}\n\n`.repeat(n), format: 'markdown' }),
  'identical HTML paragraphs': (n, w) => ({ input: `<p>${w}</p>`.repeat(n), format: 'html' }),
  'identical paragraphs, saved again': (n, w) => ({
    input: `${w}\n\n`.repeat(n),
    before: `${w}\n\n`.repeat(n),
    format: 'markdown',
  }),
  'identical paragraphs among others, saved again with more of them': (n, w) => ({
    input: Array.from({ length: n }, (_, i) => (i % 3 ? w : `${w} ${i}`)).join('\n\n'),
    before: Array.from({ length: n }, (_, i) => (i % 3 ? w : `${w} ${i}`))
      .filter((_, i) => i % 5 !== 1)
      .join('\n\n'),
    format: 'markdown',
  }),
  'every paragraph lightly edited': (n, w) => ({
    input: Array.from({ length: n }, (_, i) => `${w} number ${i} went down the stairs again`).join('\n\n'),
    before: Array.from({ length: n }, (_, i) => `${w} number ${i} went down the stairs once`).join('\n\n'),
    format: 'markdown',
  }),
  'deep HTML nesting': (n, w) => ({ input: `${'<div>'.repeat(10 * n)}${w}`, format: 'html' }),
  'deep HTML nesting, closed': (n, w) => ({
    input: `${'<div><span>'.repeat(5 * n)}${w}${'</span></div>'.repeat(5 * n)}`,
    format: 'html',
  }),
  'HTML nested just under the limit, many paragraphs': (n, w) => ({
    input: `${'<div>'.repeat(95)}${`<p><b>${w}</b></p>`.repeat(n)}`,
    format: 'html',
  }),
  'deep blockquotes': (n, w) => ({ input: `${'>'.repeat(10 * n)} ${w}\n`, format: 'markdown' }),
  'deep lists': (n, w) => ({ input: `${'- '.repeat(10 * n)}${w}\n`, format: 'markdown' }),
  'lazy lines in the deepest allowed blockquote': (n, w) => ({
    input: `${'>'.repeat(MAX_MARKDOWN_DEPTH)} a\n${`${w}\n`.repeat(n)}`,
    format: 'markdown',
  }),
  'one huge line': (n, w) => ({ input: `${w} `.repeat(20 * n), format: 'markdown' }),
  'many short lines': (n, w) => ({ input: `${w}\n`.repeat(n), format: 'markdown' }),
  'many tiny runs': (n, w) => ({ input: `*${w}*b`.repeat(n), format: 'markdown' }),
  'many tiny HTML runs': (n, w) => ({ input: `<p>${`<b>${w}</b><i>b</i>`.repeat(n)}</p>`, format: 'html' }),
  'many links': (n, w) => ({ input: `[${w}](https://example.com/${w}) `.repeat(n), format: 'markdown' }),
  'many emphasis delimiters': (n, w) => ({
    input: `${'*'.repeat(n)}${w}${'_'.repeat(n)}`,
    format: 'markdown',
  }),
  'many markers': (n, w) => ({ input: `Mark's POV\n\n${w}\n\n`.repeat(n), format: 'markdown' }),
  'many HTML markers': (n, w) => ({ input: `<p>Lexie's POV</p><p>${w}</p>`.repeat(n), format: 'html' }),
  'fenced code blocks between plain paragraphs': (n, w) => ({
    input: `\`\`\`\n${w}\n\`\`\`\n\n${w}\n\n`.repeat(n),
    format: 'markdown',
  }),
  'blockquotes between plain paragraphs': (n, w) => ({
    input: `> ${w}\n\n${w}\n\n`.repeat(n),
    format: 'markdown',
  }),
  'a long run of backticks': (n, w) => ({ input: `${'`'.repeat(20 * n)}${w}\``, format: 'markdown' }),
  'many directives': (n, w) => ({ input: `::: pov Mark\n${w}\n:::\n\n`.repeat(n), format: 'markdown' }),
  'many unknown directives': (n, w) => ({ input: `::: ${w}\n\n`.repeat(n), format: 'markdown' }),
  'many scene breaks': (n, w) => ({ input: `${w}\n\n***\n\n`.repeat(n), format: 'markdown' }),
  'lone breaks between POV blocks': (n, w) => ({
    input: `::: pov Mark\n${w}\n:::\n\n***\n\n::: pov Lexie\n${w}\n:::\n\n***\n\n`.repeat(n),
    format: 'markdown',
  }),
  'style convention': (n, w) => ({
    input: `**${w} ${w}**\n\n${w}\n\n`.repeat(n),
    format: 'markdown',
    styleMapping: { bold: 'Mark', plain: 'Lexie' },
  }),
};

async function workOf(c: Case): Promise<number> {
  let previous: Passage[] | undefined;
  if (c.before !== undefined) {
    const first = await parseChapter(c.before, {
      format: c.format,
      characters,
      maxBytes: Infinity,
      proseShape: false,
    });
    if (first.ok) previous = passagesOf(first.chapter);
  }
  const work = newWork();
  await parseChapter(c.input, {
    format: c.format,
    characters,
    maxBytes: Infinity,
    // The prose-shape limits (shape.ts) would refuse most of these shapes once grown: turned
    // off here, so what is checked is the parsing behind them. test/shape.test.ts checks them.
    proseShape: false,
    work,
    ...(previous ? { previous } : {}),
    ...(c.styleMapping ? { styleMapping: c.styleMapping } : {}),
  });
  return work.steps;
}

describe('parsing stays linear', () => {
  it('4× the input costs at most ~5× the work, for every adversarial family', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(families)),
        fc.integer({ min: 0, max: 200 }),
        fc.stringMatching(/^[a-z]{1,6}$/),
        async (family, k, w) => {
          const n = k + (startsBig.has(family) ? BIG : 50);
          const build = families[family] as (n: number, w: string) => Case;
          const small = await workOf(build(n, w));
          const large = await workOf(build(4 * n, w));
          expect(small).toBeGreaterThan(0);
          expect(
            large / small,
            `${family}, n = ${n}, w = ${w}: ${small} → ${large} steps`,
          ).toBeLessThanOrEqual(5);
        },
      ),
      { numRuns: 120, seed: 14 },
    );
    // 120 parses of up to a few thousand units each: seconds on a loaded machine.
  }, 60_000);

  // The property's families, one by one, so that a failure names the path that went quadratic.
  for (const [family, build] of Object.entries(families)) {
    it(`${family}: 4× the input, at most 5× the work`, async () => {
      const n = startsBig.has(family) ? BIG : 200;
      const small = await workOf(build(n, 'ab'));
      const large = await workOf(build(4 * n, 'ab'));
      expect(large / small).toBeLessThanOrEqual(5);
      // A generous limit: the machine is shared and the large inputs are a few MB; work, not time, is asserted.
    }, 60_000);
  }
});

// POV inference (src/infer): one reading pass, one naming pass, O(n·K²) smoothing run twice.
const inferFamilies: Record<string, (n: number, w: string) => string> = {
  'close third prose': (n, w) =>
    `Mark walked to the ${w}. He thought about Lexie, and she knew it.\n\n`.repeat(n),
  'dialogue, names addressed': (n, w) => `"Lexie," Mark said. "${w}?"\n\n"Mark," she said.\n\n`.repeat(n),
  'first person with announcements': (n, w) =>
    `I'm Mark. I saw the ${w}.\n\n***\n\nThis is Lexie. I waited.\n\n`.repeat(n),
  'many other names': (n, w) =>
    Array.from({ length: n }, (_, i) => `Then Name${i} met Other${i} and ${w}.`).join('\n\n'),
  'one huge paragraph': (n, w) => `Mark said "${w}" and she thought. `.repeat(20 * n),
  'unclosed quotes': (n, w) => `"${w} `.repeat(10 * n),
  'many breaks': (n, w) => `${w}\n\n***\n\n`.repeat(n),
};

describe('POV inference stays linear', () => {
  for (const [family, build] of Object.entries(inferFamilies)) {
    it(`${family}: 4× the input, at most 5× the work`, () => {
      const workOf = (text: string) => {
        const work = newWork();
        inferPov(text, { characters: ['Mark', 'Lexie'], work });
        return work.steps;
      };
      const small = workOf(build(200, 'ab'));
      const large = workOf(build(800, 'ab'));
      expect(small).toBeGreaterThan(0);
      expect(large / small).toBeLessThanOrEqual(5);
      // A generous limit: the machine is shared and the large inputs are a few MB; work, not time, is asserted.
    }, 60_000);
  }
});
