// HTML (pasted from Google Docs or Word, or produced by mammoth) → blocks, via htmlparser2.
// Nothing from the input is copied to the output: we only read text, a few formatting
// signals and link targets, so scripts, styles and attributes cannot leak through.
import { Parser } from 'htmlparser2';
import type { Block } from './blocks';
import { BREAK_LINE } from './lines';
import { md } from './markdown';
import { CODE, EM, S, STRONG, SUB, SUP, U, normaliseRuns, runsText, safeHref, type Run } from './runs';

const BLOCK_TAGS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'blockquote', 'pre', 'table', 'tr', 'td', 'th',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'body', 'html', 'dd', 'dt', 'dl', 'figure',
  'figcaption', 'address', 'center', 'form', 'fieldset', 'details', 'summary',
]);

// Content of these is never prose (and is where attacks live).
const SKIP_TAGS = new Set([
  'script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'select',
  'textarea', 'option', 'xml', 'noembed', 'noframes', 'frameset', 'frame', 'canvas', 'audio', 'video', 'applet',
  'button', 'datalist', 'map', 'meta', 'link', 'base',
]);

const TAG_FORMAT: Record<string, number> = {
  b: STRONG, strong: STRONG, i: EM, em: EM, cite: EM, dfn: EM, var: EM, u: U, ins: U,
  s: S, strike: S, del: S, sub: SUB, sup: SUP, code: CODE, tt: CODE, kbd: CODE, samp: CODE,
};

interface Frame {
  set: number;
  clear: number;
  /** undefined = not a link; null = a link we refused. */
  href: string | null | undefined;
  skip: boolean;
}

/** Reads font-weight / font-style / text-decoration / vertical-align from a style attribute. */
function styleFormat(style: string | undefined): { set: number; clear: number } {
  let set = 0;
  let clear = 0;
  if (!style) return { set, clear };
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim().toLowerCase();
    if (prop === 'font-weight') {
      const n = Number(value);
      // Google Docs wraps whole documents in <b style="font-weight:normal">; that must un-bold.
      if (value === 'bold' || value === 'bolder' || n >= 600) set |= STRONG;
      else clear |= STRONG;
    } else if (prop === 'font-style') {
      if (value.startsWith('italic') || value.startsWith('oblique')) set |= EM;
      else clear |= EM;
    } else if (prop === 'text-decoration' || prop === 'text-decoration-line') {
      if (value.includes('underline')) set |= U;
      if (value.includes('line-through')) set |= S;
      if (value === 'none') clear |= U | S;
    } else if (prop === 'vertical-align') {
      if (value === 'super') set |= SUP;
      else if (value === 'sub') set |= SUB;
      else if (value === 'baseline') clear |= SUP | SUB;
    }
  }
  return { set, clear };
}

export type LineMode = 'source' | 'ordinal';

/**
 * `lineMode` 'source' reports the HTML source line of each paragraph; 'ordinal' its
 * 1-based paragraph number, which is what an author can find in a Word document.
 */
export function htmlBlocks(html: string, lineMode: LineMode): Block[] {
  const lineStarts = lineMode === 'source' ? computeLineStarts(html) : [];
  const blocks: Block[] = [];
  const stack: Frame[] = [];
  let f = 0;
  let href: string | undefined;
  let skipDepth = 0;
  let runs: Run[] = [];
  let paraIndex = -1;

  const recompute = (): void => {
    f = 0;
    href = undefined;
    for (const fr of stack) {
      f = (f | fr.set) & ~fr.clear;
      if (fr.href !== undefined) href = fr.href ?? undefined;
    }
  };
  const lineOf = (index: number): number => {
    if (lineMode === 'ordinal') return blocks.length + 1;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const flush = (): void => {
    const norm = normaliseRuns(runs);
    runs = [];
    if (norm.length === 0) return;
    const line = paraIndex;
    paraIndex = -1;
    if (BREAK_LINE.test(runsText(norm).trim())) blocks.push({ kind: 'break', line: lineOf(line) });
    else blocks.push({ kind: 'para', runs: norm, line: lineOf(line) });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const skip = SKIP_TAGS.has(name);
        if (skip) skipDepth++;
        if (BLOCK_TAGS.has(name)) flush();
        if (name === 'hr' && skipDepth === 0) {
          flush();
          blocks.push({ kind: 'break', line: lineOf(parser.startIndex) });
        }
        if (name === 'br' && skipDepth === 0) runs.push({ text: '', f: 0, br: true });
        const st = styleFormat(attribs['style']);
        const tagSet = TAG_FORMAT[name] ?? 0;
        const frame: Frame = { set: (tagSet | st.set) & ~st.clear, clear: st.clear, href: undefined, skip };
        if (name === 'a') {
          const safe = safeHref(attribs['href']);
          // Normalised like markdown-it does, so a link reads the same from every format.
          frame.href = safe === undefined ? null : md.normalizeLink(safe);
        }
        stack.push(frame);
        recompute();
      },
      ontext(text) {
        if (skipDepth > 0) return;
        if (paraIndex < 0) {
          const ws = text.search(/\S/);
          if (ws >= 0) paraIndex = parser.startIndex + ws;
        }
        runs.push(href === undefined ? { text, f } : { text, f, href });
      },
      onclosetag(name) {
        const frame = stack.pop();
        if (frame?.skip) skipDepth--;
        if (BLOCK_TAGS.has(name)) flush();
        recompute();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}

function computeLineStarts(s: string): number[] {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
