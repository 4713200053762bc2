// Canonical markup: CommonMark plus `::: pov Name` … `:::` blocks (see docs/pov-markup.md).
// toMarkup(chapter) parsed again gives the same segments; formats Markdown cannot express
// (underline, sub/superscript) are dropped, which is documented.
import { htmlBlocks } from './html';
import { CODE, EM, S, STRONG, renderRuns, type Run, type Wrapper } from './runs';
import type { ParsedChapter, Passage } from './types';

// Every ASCII punctuation mark that can start Markdown syntax mid-line. Escaping a few
// harmless ones too costs nothing: CommonMark unescapes any ASCII punctuation.
const INLINE_SPECIAL = /[\\`*_[\]<>&~|#!]/g;

const markdownWrapper: Wrapper = {
  text: (s, run) => (run.f & CODE ? codeSpan(s) : s.replace(INLINE_SPECIAL, '\\$&')),
  br: () => '\\\n',
  link: (inner, href) => `[${inner}](<${href.replace(/[<>\\]/g, (c) => encodeURIComponent(c))}>)`,
  format: (inner, flag) => {
    if (flag === STRONG) return `**${inner}**`;
    if (flag === EM) return `*${inner}*`;
    if (flag === S) return `~~${inner}~~`;
    return inner; // CODE is handled per text run; U, SUB, SUP have no Markdown form.
  },
};

function codeSpan(s: string): string {
  // One backtick more than the longest run inside (growing the fence and searching again for
  // each length was quadratic in a long run of backticks).
  let longest = 0;
  for (let i = s.indexOf('`'); i >= 0; i = s.indexOf('`', i)) {
    let j = i;
    while (s.charCodeAt(j) === 96) j++;
    longest = Math.max(longest, j - i);
    i = j;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Escapes what only matters at the start of a line: list items, directives, headings. */
function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^([-+=:])/, '\\$1'))
    .join('\n');
}

export function runsToMarkdown(runs: Run[]): string {
  return escapeLineStarts(renderRuns(runs, markdownWrapper));
}

function passageMarkup(p: Passage): string {
  if (p.kind === 'break') return '***';
  const block = htmlBlocks(p.html, 'ordinal').blocks[0];
  return block?.kind === 'para' ? runsToMarkdown(block.runs) : '';
}

export function toMarkup(chapter: ParsedChapter): string {
  const out: string[] = [];
  for (const seg of chapter.segments) {
    const body = seg.passages.map(passageMarkup).filter((s) => s !== '');
    if (seg.pov === null) out.push(...body);
    else out.push(`::: pov ${seg.pov}`, ...body, ':::');
  }
  return out.join('\n\n') + '\n';
}
