// Hostile uploads for parse.bench.ts, each built to a given size: what an attacker would send
// to make parsing slow (issue 14, H1). The same shapes, small, are test/linear.test.ts's families.
import { MAX_HTML_DEPTH } from '../src/html';
import { MAX_MARKDOWN_DEPTH } from '../src/markdown';

export interface AdversarialCase {
  name: string;
  input: string;
  format: 'markdown' | 'html';
  /** Parsed first; its passages are the previous revision (a re-save). */
  before?: string;
}

/** `unit` repeated to about `bytes` (ASCII units), between `head` and `tail`. */
function fill(bytes: number, unit: string, head = '', tail = ''): string {
  return (
    head + unit.repeat(Math.max(1, Math.floor((bytes - head.length - tail.length) / unit.length))) + tail
  );
}

/** Numbered paragraphs, each `line(i)`, to about `bytes`. */
function numbered(bytes: number, line: (i: number) => string): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = line(i);
    out.push(p);
    size += p.length + 2;
  }
  return out.join('\n\n');
}

export function adversarialCases(bytes: number): AdversarialCase[] {
  const half = Math.floor(bytes / 2);
  const deepDivs = '<div>'.repeat(MAX_HTML_DEPTH - 5);
  return [
    { name: 'identical paragraphs (`a` × 350k)', input: fill(bytes, 'a\n\n'), format: 'markdown' },
    { name: 'identical HTML paragraphs (`<p>a</p>` × 130k)', input: fill(bytes, '<p>a</p>'), format: 'html' },
    {
      name: 'identical paragraphs, saved again',
      input: fill(bytes, 'a\n\n'),
      before: fill(bytes, 'a\n\n'),
      format: 'markdown',
    },
    {
      name: 'every paragraph edited, saved again',
      // Long enough that the chapter stays under MAX_PASSAGES: the most passages an upload can have.
      input: numbered(
        bytes,
        (i) =>
          `Paragraph ${i} went down the stairs again, and the ferry man said it was very late indeed, far too late.`,
      ),
      before: numbered(
        bytes,
        (i) =>
          `Paragraph ${i} went down the stairs once, and the ferry man said it was very late indeed, far too late.`,
      ),
      format: 'markdown',
    },
    { name: 'deep HTML nesting (`<div>` × 200k)', input: fill(bytes, '<div>', '', 'a'), format: 'html' },
    { name: 'deep Markdown nesting (`>` × 1M)', input: fill(bytes, '>', '', ' a'), format: 'markdown' },
    {
      name: `HTML nested ${MAX_HTML_DEPTH - 5} deep, short paragraphs inside`,
      input: fill(bytes, '<p><b>a</b></p>', deepDivs),
      format: 'html',
    },
    {
      name: `stray closing tags ${MAX_HTML_DEPTH - 1} deep`,
      input: fill(bytes, '</x>', `${'<div>'.repeat(MAX_HTML_DEPTH - 1)}a`),
      format: 'html',
    },
    {
      name: `lazy lines in a blockquote ${MAX_MARKDOWN_DEPTH} deep`,
      input: fill(bytes, 'b\n', `${'>'.repeat(MAX_MARKDOWN_DEPTH)} a\n`),
      format: 'markdown',
    },
    { name: 'one huge line', input: fill(bytes, 'word '), format: 'markdown' },
    { name: 'many short lines (`a\\n`)', input: fill(bytes, 'a\n'), format: 'markdown' },
    { name: 'many tiny runs (`*a*b`)', input: fill(bytes, '*a*b'), format: 'markdown' },
    { name: 'many tiny HTML runs (`<b>a</b>b`)', input: fill(bytes, '<b>a</b>b', '<p>'), format: 'html' },
    {
      name: 'many emphasis delimiters (`*` × 500k, a, `*` × 500k)',
      input: `${'*'.repeat(half)}a${'*'.repeat(half)}`,
      format: 'markdown',
    },
    { name: 'many links', input: fill(bytes, '[a](https://example.com/a) '), format: 'markdown' },
    { name: 'many markers', input: fill(bytes, "Mark's POV\n\nHe ran.\n\n"), format: 'markdown' },
    { name: 'many directives', input: fill(bytes, '::: pov Mark\nHe ran.\n:::\n\n'), format: 'markdown' },
    { name: 'many unknown directives', input: fill(bytes, '::: x\n\n'), format: 'markdown' },
    { name: 'many scene breaks', input: fill(bytes, 'He ran.\n\n***\n\n'), format: 'markdown' },
    // The worst an upload can do *under* the prose-shape limits (src/shape.ts): each at its limit.
    {
      name: 'identical paragraphs at the passage limit (107 B each)',
      input: fill(bytes, `${'a'.repeat(105)}\n\n`),
      format: 'markdown',
    },
    {
      name: 'list items at the passage limit',
      input: fill(bytes, `- ${'a'.repeat(104)}\n`),
      format: 'markdown',
    },
    {
      name: 'emphasis at the formatting limit (`*abcdefghijklmn*`)',
      input: fill(bytes, '*abcdefghijklmn*'),
      format: 'markdown',
    },
    {
      name: 'links at the formatting limit',
      input: fill(bytes, '[abcdefghijklmnopqrstuvwxyzabcdefghijklmnop](x) '),
      format: 'markdown',
    },
    {
      name: 'HTML formatting at its limit (`<b>abcdefgh</b>ijklmnop`)',
      input: fill(bytes, '<b>abcdefgh</b>ijklmnop', '<p>'),
      format: 'html',
    },
    {
      name: 'blockquote of 8-byte lines at the structure limit',
      input: fill(bytes, 'abcdefg\n', '> a\n'),
      format: 'markdown',
    },
    {
      name: `blockquote ${MAX_MARKDOWN_DEPTH} deep at the structure limit`,
      input: fill(bytes, `${'a'.repeat(87)}\n`, `${'>'.repeat(MAX_MARKDOWN_DEPTH)} a\n`),
      format: 'markdown',
    },
    {
      name: 'lone breaks between POV blocks',
      input: fill(bytes, '::: pov Mark\nA.\n:::\n\n***\n\n::: pov Lexie\nB.\n:::\n\n***\n\n'),
      format: 'markdown',
    },
  ];
}

/** The Markdown manuscript as pasted HTML: one `<p>` per block, emphasis as tags. */
export function typicalHtml(markdown: string): string {
  return markdown
    .trim()
    .split('\n\n')
    .map(
      (block) =>
        `<p>${block.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>')}</p>`,
    )
    .join('\n');
}
