// The prose-shape limits (src/shape.ts): what is not a chapter is refused cheaply, with the
// line and a fix; what real chapters look like, at their densest, still goes through.
import { describe, expect, it } from 'vitest';
import { parseChapter, passagesOf, type ParseOptions } from '../src/index';
import { MAX_MARKDOWN_DEPTH } from '../src/markdown';
import { MAX_PASSAGES } from '../src/shape';
import { newWork } from '../src/work';
import { characters } from './story';

async function refused(input: string, format: ParseOptions['format'], extra: Partial<ParseOptions> = {}) {
  const work = newWork();
  const r = await parseChapter(input, { format, characters, work, ...extra });
  expect(r.ok).toBe(false);
  const problems = r.ok ? [] : r.problems;
  expect(problems).toHaveLength(1);
  return { problem: problems[0]!, steps: work.steps };
}

async function accepted(input: string, format: ParseOptions['format'], extra: Partial<ParseOptions> = {}) {
  const r = await parseChapter(input, { format, characters, maxBytes: Infinity, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 2)));
  return passagesOf(r.chapter);
}

/** Prose from a fixed vocabulary with emphasis as dense as the benchmark manuscript's (one word in 17 italic, one in 23 bold). */
function prose(paragraphs: number, words = 60): string {
  const vocab =
    'the ferry lamp stairs harbour brass key gull tide rope lantern quiet morning letter window salt'.split(
      ' ',
    );
  return Array.from(
    { length: paragraphs },
    (_, p) =>
      Array.from({ length: words }, (_, i) => {
        const w = vocab[(p * 7 + i * 3) % vocab.length] as string;
        return i % 17 === 5 ? `*${w}*` : i % 23 === 7 ? `**${w}**` : w;
      }).join(' ') + '.',
  ).join('\n\n');
}

describe('prose shape: refused before the expensive work', () => {
  it('more paragraphs than MAX_PASSAGES (Markdown): too_many_passages at the first one past it', async () => {
    const input = 'a\n\n'.repeat(MAX_PASSAGES + 5000);
    const { problem, steps } = await refused(input, 'markdown');
    expect(problem.code).toBe('too_many_passages');
    expect(problem.line).toBe(2 * MAX_PASSAGES + 1);
    expect(problem.message).toContain('10,000');
    // The scan and the count, not keys, HTML and hashes for 15,000 passages.
    expect(steps).toBeLessThanOrEqual(2 * input.length);
  });

  it('more paragraphs than MAX_PASSAGES (HTML): too_many_passages, naming the paragraph', async () => {
    const { problem } = await refused('<p>a</p>'.repeat(MAX_PASSAGES + 5000), 'html');
    expect(problem.code).toBe('too_many_passages');
    expect(problem.message).toContain(`paragraph ${MAX_PASSAGES + 1}`);
  });

  it('a list item per line counts as a paragraph each, though the cheap count sees one block', async () => {
    const input = Array.from(
      { length: MAX_PASSAGES + 10 },
      (_, i) => `${i % 2 ? '+' : '-'} item number ${i} of a long list that goes on`,
    ).join('\n');
    expect((await refused(input, 'markdown')).problem.code).toBe('too_many_passages');
  });

  it('a formatting mark every other character: too_much_formatting, naming the densest line', async () => {
    const input = `A plain first line.\n\n${'*a*b'.repeat(5000)}\n\nAnother.`;
    const { problem, steps } = await refused(input, 'markdown');
    expect(problem.code).toBe('too_much_formatting');
    expect(problem.line).toBe(3);
    expect(problem.message).toContain('10,000 formatting characters');
    expect(problem.message).toContain('one in every 2;');
    expect(steps).toBeLessThanOrEqual(2 * input.length);
  });

  it('long runs of emphasis delimiters are formatting too', async () => {
    const { problem } = await refused(`${'*'.repeat(20_000)}a${'_'.repeat(20_000)}`, 'markdown');
    expect(problem.code).toBe('too_much_formatting');
  });

  it('HTML whose formatting changes every character or two: too_much_formatting, stopped at once', async () => {
    const input = `<p>${'<b>a</b>b'.repeat(20_000)}</p>`;
    const { problem, steps } = await refused(input, 'html');
    expect(problem.code).toBe('too_much_formatting');
    // Stopped a little after the budget was spent, not at the end of the document.
    expect(steps).toBeLessThan(input.length / 2);
  });

  it('lazy lines in a deep blockquote: too_much_structure at the blockquote, before markdown-it reads it', async () => {
    const input = `Before.\n\n${'>'.repeat(MAX_MARKDOWN_DEPTH)} a\n${'b\n'.repeat(20_000)}`;
    const { problem, steps } = await refused(input, 'markdown');
    expect(problem.code).toBe('too_much_structure');
    expect(problem.line).toBe(3);
    expect(problem.message).toContain(`nested up to ${MAX_MARKDOWN_DEPTH} levels`);
    expect(steps).toBeLessThanOrEqual(3 * input.length);
  });

  it('a blockquote of two-byte lines, even one level deep, is structure, not prose', async () => {
    expect((await refused(`> a\n${'b\n'.repeat(20_000)}`, 'markdown')).problem.code).toBe(
      'too_much_structure',
    );
  });

  it('the limits are what refuses these: with them off the same inputs parse', async () => {
    const off = { proseShape: false, maxBytes: Infinity };
    expect(
      (await parseChapter('a\n\n'.repeat(MAX_PASSAGES + 5), { format: 'markdown', characters, ...off })).ok,
    ).toBe(true);
    expect((await parseChapter('*a*b'.repeat(5000), { format: 'markdown', characters, ...off })).ok).toBe(
      true,
    );
    expect(
      (await parseChapter(`<p>${'<b>a</b>b'.repeat(20_000)}</p>`, { format: 'html', characters, ...off })).ok,
    ).toBe(true);
    expect(
      (await parseChapter(`> a\n${'b\n'.repeat(20_000)}`, { format: 'markdown', characters, ...off })).ok,
    ).toBe(true);
  });
});

describe('prose shape: real chapters at their densest still go through', () => {
  it('a 1 MB manuscript with an emphasised word in every 17 and a bold one in every 23', async () => {
    const text = prose(2500);
    expect(text.length).toBeGreaterThan(900_000);
    expect(await accepted(text, 'markdown')).toHaveLength(2500);
  });

  it('a chapter of one-line dialogue: 9,000 short paragraphs and 900 scene breaks', async () => {
    const text = Array.from({ length: 9000 }, (_, i) =>
      i % 10 === 9 ? `“No,” she said. “Not ${i}.”\n\n***` : `“Yes,” he said, ${i} times.`,
    ).join('\n\n');
    expect(await accepted(text, 'markdown')).toHaveLength(9900);
  });

  it('every paragraph in bold (the "bold = Mark" convention), and short italic thoughts', async () => {
    const text = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0
        ? `**He ran down the stairs, ${i}.**`
        : i % 3 === 1
          ? `*Why?* she thought. *Why now?*`
          : `She waited at the window until the ferry lamp went out over the harbour.`,
    ).join('\n\n');
    expect(
      await accepted(text, 'markdown', {
        styleMapping: { bold: 'Mark', plain: 'Lexie' },
        convention: 'style',
      }),
    ).toHaveLength(3000);
  });

  it('a letter in a blockquote, hard-wrapped at 40 columns, and a short poem of one-word lines', async () => {
    const letter = Array.from(
      { length: 3000 },
      (_, i) => `> dear Lexie, the ferry was late ${String(i).padStart(5, '0')}`,
    ).join('\n');
    const poem = Array.from({ length: 200 }, (_, i) => `> ${['I', 'am', 'the', 'tide'][i % 4]}`).join('\n');
    expect(await accepted(`${letter}\n\n${prose(40)}\n\n${poem}`, 'markdown')).toHaveLength(42);
  });

  it('HTML from Word with every word its own run of the same formatting (not a change)', async () => {
    const para = (i: number): string =>
      `<p>${Array.from({ length: 40 }, (_, k) => `<span><b>word${k}</b></span><b> </b>`).join('')}<i>end ${i}</i></p>`;
    expect(await accepted(Array.from({ length: 300 }, (_, i) => para(i)).join(''), 'html')).toHaveLength(300);
  });
});

describe('prose shape: links', () => {
  it("a link on every few words is formatting; an author's note with a few links is not", async () => {
    expect((await refused('[a](https://example.com/a) '.repeat(4000), 'markdown')).problem.code).toBe(
      'too_much_formatting',
    );
    const note = `A/N: thanks to [my beta](https://example.com/beta) and [the prompt](https://example.com/prompt)!\n\n${prose(200)}`;
    // Notes detection would take the A/N out of the passages (notes.ts); here it is counted as text.
    expect(await accepted(note, 'markdown', { detectNotes: false })).toHaveLength(201);
  });
});
