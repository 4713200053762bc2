import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH } from '../src/html';
import { parseChapter, passagesOf, problemSchema, type ParseOptions, type Problem } from '../src/index';
import { MAX_MARKDOWN_DEPTH } from '../src/markdown';
import { MAX_PROBLEMS } from '../src/problems';
import { characters } from './story';

async function problems(
  input: string | Uint8Array,
  options: Omit<ParseOptions, 'characters'>,
): Promise<Problem[]> {
  const r = await parseChapter(input, { characters, ...options });
  expect(r.ok).toBe(false);
  for (const p of r.problems) problemSchema.parse(p);
  return r.problems;
}
const brief = (ps: Problem[]): [string, number, number | undefined][] =>
  ps.map((p) => [p.code, p.line, p.column]);

describe('errors', () => {
  it('reports every problem of a bad upload at once, with lines and columns', async () => {
    const src = [
      '::: pov Mark',
      'He ran.',
      ':::',
      '',
      '::: pov Zed',
      'Who?',
      ':::',
      '',
      ':::',
      '',
      '::: pov Lexie',
      'She sat.',
    ].join('\n');
    expect(brief(await problems(src, { format: 'markdown' }))).toEqual([
      ['unknown_character', 5, 9],
      ['unexpected_close', 9, 1],
      ['unclosed_directive', 11, 1],
    ]);
  });

  it('unknown character in a marker line', async () => {
    const ps = await problems('Mark\n\nHe ran.\n\n***\n\nPOV: Lexy\n\nShe sat.', { format: 'markdown' });
    expect(brief(ps)).toEqual([['unknown_character', 7, 6]]);
    expect(ps[0]?.message).toContain('Lexy');
    expect(ps[0]?.fix).toBeTruthy();
  });

  it('nested directive', async () => {
    expect(
      brief(await problems('::: pov Mark\nA.\n::: pov Lexie\nB.\n:::\n', { format: 'markdown' })),
    ).toEqual([['nested_directive', 3, 1]]);
  });

  it('mixed conventions: directives and marker lines', async () => {
    const src = "::: pov Mark\nHe ran.\n:::\n\nLexie's POV\n\nShe sat.";
    const r = await parseChapter(src, { format: 'markdown', characters });
    expect(r.ok).toBe(false);
    expect(r.detected).toBe('directives');
    expect(brief(r.problems)).toEqual([['mixed_conventions', 5, undefined]]);
  });

  it('mixed conventions against an explicit convention', async () => {
    expect(
      brief(await problems('::: pov Mark\nHe ran.\n:::\n', { format: 'markdown', convention: 'markers' })),
    ).toEqual([['mixed_conventions', 1, undefined]]);
  });

  it('empty chapter', async () => {
    expect(brief(await problems('\n\n   \n***\n', { format: 'markdown' }))).toEqual([
      ['empty_chapter', 1, undefined],
    ]);
    expect(brief(await problems('<p> </p><script>x()</script>', { format: 'html' }))).toEqual([
      ['empty_chapter', 1, undefined],
    ]);
  });

  it('file over the size limit', async () => {
    const ps = await problems(new Uint8Array(2 * 1024 * 1024 + 1), { format: 'markdown' });
    expect(ps[0]?.code).toBe('too_large');
    expect(ps[0]?.message).toContain('2097152');
    expect((await problems('x'.repeat(101), { format: 'markdown', maxBytes: 100 }))[0]?.code).toBe(
      'too_large',
    );
  });

  it('text that is not UTF-8', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('Line one\nLine tw'), 0xff, 0x6f]);
    expect(brief(await problems(bytes, { format: 'markdown' }))).toEqual([['invalid_utf8', 2, 8]]);
  });

  it('a file that is not a valid .docx', async () => {
    expect(brief(await problems(new TextEncoder().encode('not a zip'), { format: 'docx' }))).toEqual([
      ['invalid_docx', 1, undefined],
    ]);
    // A ZIP header with garbage after it gets past the magic-number check into mammoth.
    expect(
      (await problems(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), { format: 'docx' }))[0]?.code,
    ).toBe('invalid_docx');
    expect((await problems('text', { format: 'docx' }))[0]?.code).toBe('invalid_docx');
  });

  it('partly formatted paragraphs under the style convention', async () => {
    const src = '**Mark ran all the way.**\n\nLexie **waited and waited** at the door.\n\nLexie sat.';
    expect(
      brief(await problems(src, { format: 'markdown', styleMapping: { bold: 'Mark', plain: 'Lexie' } })),
    ).toEqual([['mixed_formatting', 3, undefined]]);
  });

  it('style convention without a mapping, and a mapping to an unknown character', async () => {
    expect(brief(await problems('**A.**\n\nB.', { format: 'markdown', convention: 'style' }))).toEqual([
      ['style_mapping_missing', 1, undefined],
    ]);
    expect(
      brief(
        await problems('**A.**\n\nB.', {
          format: 'markdown',
          styleMapping: { bold: 'Marc', plain: 'Lexie' },
        }),
      ),
    ).toEqual([['unknown_character', 1, undefined]]);
  });

  it('unknown directive name', async () => {
    expect(brief(await problems('::: note\nA.\n:::\n', { format: 'markdown' }))).toEqual([
      ['unknown_directive', 1, 1],
      ['unexpected_close', 3, 1],
    ]);
  });

  it('never returns a partial chapter when there is an error', async () => {
    const r = await parseChapter('::: pov Mark\nA.\n:::\n\n::: pov Nobody\nB.\n:::\n', {
      format: 'markdown',
      characters,
    });
    expect(r.ok).toBe(false);
    expect('chapter' in r).toBe(false);
  });

  it('HTML nested past the depth limit: refused, naming the paragraph and the limit', async () => {
    const ok = '<div>'.repeat(MAX_HTML_DEPTH - 1) + '<p>Deep but fine.</p>';
    const r = await parseChapter(`<p>First.</p>${ok}`, { format: 'html', characters });
    expect(r.ok).toBe(true);
    const ps = await problems(`<p>First.</p><p>Second.</p>${'<div>'.repeat(50_000)}<p>Lost?</p>`, {
      format: 'html',
    });
    expect(brief(ps)).toEqual([['too_deep', 3, undefined]]);
    expect(ps[0]?.message).toContain(`paragraph 3`);
    expect(ps[0]?.message).toContain(`the limit is ${MAX_HTML_DEPTH}`);
  });

  it('Markdown nested past the depth limit: refused, naming the line and the limit (markdown-it would drop the text)', async () => {
    const fine = await parseChapter(`${'>'.repeat(MAX_MARKDOWN_DEPTH)} Deep but fine.\n\nAfter.`, {
      format: 'markdown',
      characters,
    });
    expect(fine.ok && passagesOf(fine.chapter).map((p) => p.text)).toEqual(['Deep but fine.', 'After.']);
    for (const deep of [
      '>'.repeat(MAX_MARKDOWN_DEPTH + 1) + ' Lost?',
      '- '.repeat(50_000) + 'Lost?',
      '> '.repeat(MAX_MARKDOWN_DEPTH + 1) + 'Lost?\nlazy',
    ]) {
      const ps = await problems(`First.\n\nSecond.\n\n${deep}\n\nAfter.`, { format: 'markdown' });
      expect(brief(ps)).toEqual([['too_deep', 5, undefined]]);
      expect(ps[0]?.message).toContain(`the limit is ${MAX_MARKDOWN_DEPTH}`);
    }
  });

  it('lists at most MAX_PROBLEMS problems, then how many more there are', async () => {
    const ps = await problems('::: note\n\n'.repeat(MAX_PROBLEMS + 400), { format: 'markdown' });
    expect(ps).toHaveLength(MAX_PROBLEMS + 1);
    expect(ps.slice(0, MAX_PROBLEMS).every((p) => p.code === 'unknown_directive')).toBe(true);
    expect(brief(ps.slice(-1))).toEqual([['more_problems', 2 * MAX_PROBLEMS + 1, undefined]]);
    expect(ps[MAX_PROBLEMS]?.message).toContain('400 more problems');
    expect(ps[MAX_PROBLEMS]?.severity).toBe('error');
  });
});
