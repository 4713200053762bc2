// HTML (pasted from Google Docs or Word, or produced by mammoth) → blocks, via htmlparser2.
// Nothing from the input is copied to the output: we only read text, a few formatting
// signals and link targets, so scripts, styles and attributes cannot leak through.
import { Parser } from 'htmlparser2';
import type { Block } from './blocks';
import { BREAK_LINE } from './lines';
import { md } from './markdown';
import { error } from './problems';
import { CODE, EM, S, STRONG, SUB, SUP, U, normaliseRuns, runsText, safeHref, type Run } from './runs';
import {
  FORMATTING_SLACK,
  HTML_CHANGES_PER_CHAR,
  MAX_PASSAGES,
  tooManyPassages,
  tooMuchHtmlFormatting,
} from './shape';
import type { Problem } from './types';
import { newWork, type Work } from './work';

/**
 * Elements open at once. htmlparser2 shifts its whole stack of open elements on every opening
 * tag and scans it on every closing one, so its work grows with depth × tags: a few hundred KB
 * of nested `<div>`s took seconds. Documents from Word, Google Docs or a web page nest a few
 * dozen deep at most; Markdown has the same limit (markdown-it's maxNesting).
 */
export const MAX_HTML_DEPTH = 100;

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'table',
  'tr',
  'td',
  'th',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'body',
  'html',
  'dd',
  'dt',
  'dl',
  'figure',
  'figcaption',
  'address',
  'center',
  'form',
  'fieldset',
  'details',
  'summary',
]);

// Content of these is never prose (and is where attacks live).
const SKIP_TAGS = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'select',
  'textarea',
  'option',
  'xml',
  'noembed',
  'noframes',
  'frameset',
  'frame',
  'canvas',
  'audio',
  'video',
  'applet',
  'button',
  'datalist',
  'map',
  'meta',
  'link',
  'base',
]);

const TAG_FORMAT: Record<string, number> = {
  b: STRONG,
  strong: STRONG,
  i: EM,
  em: EM,
  cite: EM,
  dfn: EM,
  var: EM,
  u: U,
  ins: U,
  s: S,
  strike: S,
  del: S,
  sub: SUB,
  sup: SUP,
  code: CODE,
  tt: CODE,
  kbd: CODE,
  samp: CODE,
};

interface Frame {
  /** The formats and link in effect inside this element (its own and its ancestors'). */
  f: number;
  href: string | undefined;
  skip: boolean;
}

/** Thrown from htmlparser2's callbacks to stop it at once when the document is over a limit. */
class Stop extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
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
    const value = decl
      .slice(i + 1)
      .trim()
      .toLowerCase();
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

export interface HtmlBlocks {
  blocks: Block[];
  /** Set when the document is over a limit (MAX_HTML_DEPTH, shape.ts); `blocks` are then incomplete. */
  problem?: Problem;
}

/**
 * `lineMode` 'source' reports the HTML source line of each paragraph; 'ordinal' its
 * 1-based paragraph number, which is what an author can find in a Word document.
 */
export function htmlBlocks(
  html: string,
  lineMode: LineMode,
  work: Work = newWork(),
  proseShape = true,
): HtmlBlocks {
  const lineStarts = lineMode === 'source' ? computeLineStarts(html) : [];
  const blocks: Block[] = [];
  // Each frame carries the formats in effect inside it, so opening or closing a tag costs the
  // same at any depth (recomputing them from the whole stack made deep nesting quadratic).
  const stack: Frame[] = [];
  let f = 0;
  let href: string | undefined;
  let skipDepth = 0;
  let runs: Run[] = [];
  let paraIndex = -1;
  let steps = 0;
  // Formatting changes between consecutive pieces of text, and the text they format (shape.ts).
  let changes = 0;
  let chars = 0;
  let lastF = 0;

  const lineOf = (index: number): number => {
    if (lineMode === 'ordinal') return blocks.length + 1;
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
      steps++;
    }
    return lo + 1;
  };
  const flush = (): void => {
    steps += runs.length;
    const norm = normaliseRuns(runs);
    runs = [];
    if (norm.length === 0) return;
    const line = paraIndex;
    paraIndex = -1;
    if (BREAK_LINE.test(runsText(norm).trim())) blocks.push({ kind: 'break', line: lineOf(line) });
    else blocks.push({ kind: 'para', runs: norm, line: lineOf(line) });
    if (proseShape && blocks.length > MAX_PASSAGES)
      throw new Stop(
        tooManyPassages(
          (blocks[blocks.length - 1] as Block).line,
          lineMode === 'ordinal' ? 'paragraph' : 'line',
        ),
      );
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        // What htmlparser2 pays for this tag (see MAX_HTML_DEPTH), bounded by the limit.
        steps += 1 + stack.length;
        if (stack.length >= MAX_HTML_DEPTH) {
          flush();
          throw new Stop(tooDeep(lineOf(parser.startIndex), lineMode));
        }
        const skip = SKIP_TAGS.has(name);
        if (skip) skipDepth++;
        if (BLOCK_TAGS.has(name)) flush();
        if (name === 'hr' && skipDepth === 0) {
          flush();
          blocks.push({ kind: 'break', line: lineOf(parser.startIndex) });
        }
        if (name === 'br' && skipDepth === 0) runs.push({ text: '', f: 0, br: true });
        const st = styleFormat(attribs['style']);
        const set = ((TAG_FORMAT[name] ?? 0) | st.set) & ~st.clear;
        f = (f | set) & ~st.clear;
        if (name === 'a') {
          const safe = safeHref(attribs['href']);
          // Normalised like markdown-it does, so a link reads the same from every format.
          href = safe === undefined ? undefined : md.normalizeLink(safe);
        }
        stack.push({ f, href, skip });
      },
      ontext(text) {
        steps++;
        if (skipDepth > 0) return;
        if (paraIndex < 0) {
          const ws = text.search(/\S/);
          if (ws >= 0) paraIndex = parser.startIndex + ws;
        }
        chars += text.length;
        if (proseShape && f !== lastF) {
          lastF = f;
          if (++changes > FORMATTING_SLACK && changes > chars * HTML_CHANGES_PER_CHAR + FORMATTING_SLACK) {
            throw new Stop(tooMuchHtmlFormatting(lineOf(parser.startIndex), changes, chars));
          }
        }
        runs.push(href === undefined ? { text, f } : { text, f, href });
      },
      onclosetag(name) {
        steps += 1 + stack.length;
        const frame = stack.pop();
        if (frame?.skip) skipDepth--;
        if (BLOCK_TAGS.has(name)) flush();
        const top = stack[stack.length - 1];
        f = top ? top.f : 0;
        href = top?.href;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  try {
    parser.write(html);
    parser.end();
    flush();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    work.steps += steps;
    return { blocks, problem: e.problem };
  }
  work.steps += steps + html.length;
  return { blocks };
}

function tooDeep(line: number, lineMode: LineMode): Problem {
  const where = lineMode === 'ordinal' ? `paragraph ${line}` : `line ${line}`;
  return error(
    'too_deep',
    line,
    `The HTML here (${where}) is nested more than ${MAX_HTML_DEPTH} elements deep; the limit is ${MAX_HTML_DEPTH}.`,
    'Paste the chapter as plain text, or copy it from a word processor rather than from a web page.',
  );
}

function computeLineStarts(s: string): number[] {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
