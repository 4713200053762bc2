import { describe, expect, it } from 'vitest';
import {
  parseChapter,
  parsedChapterSchema,
  passagesOf,
  type ParseOptions,
  type ParsedChapter,
} from '../src/index';
import {
  characters,
  directivesMd,
  expected,
  googleDocsHtml,
  markersMd,
  markersTxt,
  styleMd,
  wordHtml,
} from './story';

function shape(chapter: ParsedChapter): { pov: string | null; texts: string[] }[] {
  return chapter.segments.map((s) => ({ pov: s.pov, texts: s.passages.map((p) => p.text) }));
}

async function parseOk(
  input: string | Uint8Array,
  options: ParseOptions,
): Promise<{ chapter: ParsedChapter; detected: string }> {
  const r = await parseChapter(input, options);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  parsedChapterSchema.parse(r.chapter);
  return r;
}

describe('golden fixtures', () => {
  const cases: [string, string, Omit<ParseOptions, 'characters'>, string][] = [
    ['directives, Markdown', directivesMd, { format: 'markdown' }, 'directives'],
    ['markers, Markdown', markersMd, { format: 'markdown' }, 'markers'],
    ['markers, plain text with CRLF and indentation', markersTxt, { format: 'markdown' }, 'markers'],
    [
      'style, Markdown',
      styleMd,
      { format: 'markdown', styleMapping: { bold: 'Mark', plain: 'Lexie' } },
      'style',
    ],
    [
      'style, Google Docs HTML',
      googleDocsHtml,
      { format: 'html', styleMapping: { bold: 'Mark', plain: 'Lexie' } },
      'style',
    ],
    ['markers, Word HTML', wordHtml, { format: 'html' }, 'markers'],
  ];
  for (const [name, input, opts, convention] of cases) {
    it(`${name} → Mark, Lexie, Mark with breaks`, async () => {
      const { chapter, detected } = await parseOk(input, { ...opts, characters });
      expect(detected).toBe(convention);
      expect(chapter.convention).toBe(convention);
      expect(shape(chapter)).toEqual(expected);
      expect(chapter.wordsByPov).toEqual({ Mark: 37, Lexie: 21 });
      expect(chapter.wordCount).toBe(58);
    });
  }

  it('keeps inline emphasis and drops the style-convention formatting', async () => {
    const { chapter } = await parseOk(googleDocsHtml, {
      format: 'html',
      characters,
      styleMapping: { bold: 'Mark', plain: 'Lexie' },
    });
    const html = passagesOf(chapter).map((p) => p.html);
    expect(html[1]).toBe('He had promised Lexie he would bring the <em>brass</em> key.');
    expect(html[0]).not.toContain('<strong>');
    const { chapter: md } = await parseOk(directivesMd, { format: 'markdown', characters });
    expect(passagesOf(md).map((p) => p.html)).toContain(
      'Lexie found the lighthouse door already open, which was <strong>never</strong> a good sign.',
    );
  });

  it('reports source lines for passages and breaks', async () => {
    const { chapter } = await parseOk(directivesMd, { format: 'markdown', characters });
    expect(passagesOf(chapter).map((p) => [p.kind, p.line])).toEqual([
      ['text', 2],
      ['text', 4],
      ['break', 6],
      ['text', 10],
      ['text', 12],
      ['break', 14],
      ['text', 18],
    ]);
  });

  it('treats "---" after a marker-like line as a break, not a setext heading', async () => {
    const { chapter } = await parseOk("Mark's POV\n---\nHe ran.", { format: 'markdown', characters });
    expect(passagesOf(chapter).map((p) => p.kind)).toEqual(['break', 'text']);
  });

  it('counts words per passage, segment, character and chapter consistently', async () => {
    const { chapter } = await parseOk(markersMd, { format: 'markdown', characters });
    for (const s of chapter.segments)
      expect(s.wordCount).toBe(s.passages.reduce((n, p) => n + p.wordCount, 0));
    expect(chapter.segments.reduce((n, s) => n + s.wordCount, 0)).toBe(chapter.wordCount);
    expect(chapter.unattributedWordCount).toBe(0);
  });

  it('leaves paragraphs outside directive blocks unattributed and folds a lone break into the previous segment', async () => {
    const src = 'Prologue text.\n\n::: pov Mark\nHe ran.\n:::\n\n***\n\n::: pov Lexie\nShe sat.\n:::\n';
    const { chapter } = await parseOk(src, { format: 'markdown', characters });
    expect(shape(chapter)).toEqual([
      { pov: null, texts: ['Prologue text.'] },
      { pov: 'Mark', texts: ['He ran.', ''] },
      { pov: 'Lexie', texts: ['She sat.'] },
    ]);
    expect(chapter.unattributedWordCount).toBe(2);
  });

  it('auto-detects nothing and warns when there is no POV markup', async () => {
    const r = await parseChapter('Just some prose.\n\nMore prose.', { format: 'markdown', characters });
    // Never a convention the file does not use (issue 17): no directives → 'none', not 'directives'.
    expect(r.ok && r.detected).toBe('none');
    expect(r.ok && r.chapter.convention).toBe('none');
    expect(r.ok && r.problems.map((p) => p.code)).toEqual(['no_pov_markup']);
  });

  it('suggests the style convention when whole paragraphs are bold', async () => {
    const r = await parseChapter(styleMd, { format: 'markdown', characters });
    expect(r.ok).toBe(true);
    expect(r.problems.map((p) => p.code)).toEqual(['style_suggested']);
  });
});
