// Markdown / plain text → blocks, via markdown-it. Directive, marker and scene-break lines
// are recognised per line *before* markdown-it runs and replaced by empty lines, which keeps
// line numbers exact and sidesteps two traps: `~~~` would open a code fence and a
// "Mark's POV" line followed by `---` would become a setext heading.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Block, LineMark } from './blocks';
import type { Cast } from './cast';
import { BREAK_LINE, classifyLine } from './lines';
import { error } from './problems';
import { CODE, EM, S, STRONG, normaliseRuns, safeHref, type Run } from './runs';
import type { Problem } from './types';
import type { Work } from './work';

/**
 * Blockquotes and lists nested at once (a blockquote is one level, a list two: the list and
 * its item). markdown-it re-reads every line of a container once per enclosing level, so its
 * work grows with depth × lines; past its maxNesting it silently drops the rest of the
 * container. We stop one level short of that and report it instead.
 */
export const MAX_MARKDOWN_DEPTH = 20;

// html: false means raw HTML in an upload stays literal text: nothing to sanitise, nothing
// to slip through. Tables are off because prose with pipes is not a table; indented code
// cannot happen (indentation is stripped) and the typographic rules are off anyway, so
// those rules are disabled rather than run for nothing on every line.
export const md = new MarkdownIt({ html: false, linkify: false, typographer: false, maxNesting: MAX_MARKDOWN_DEPTH + 1 }).disable([
  'table',
  'code',
  'html_block',
  'html_inline',
  'linkify',
  'replacements',
  'smartquotes',
]);

// markdownBlocks runs this core chain by hand (see there); fail loudly rather than drift
// if the configuration or a markdown-it upgrade ever changes it.
const CORE_CHAIN = 'normalize,block,strip_references,inline,text_join';
const coreChain = md.core.ruler.__rules__.filter((r) => r.enabled).map((r) => r.name).join(',');
if (coreChain !== CORE_CHAIN) throw new Error(`markdownBlocks expects the markdown-it core chain ${CORE_CHAIN}, not ${coreChain}`);

export interface MarkdownScan {
  /** Source lines, scene-break lines already blanked, indentation removed. */
  lines: string[];
  breaks: number[];
  marks: LineMark[];
}

export function scanMarkdown(text: string, cast: Cast): MarkdownScan {
  const lines = text.split('\n');
  const breaks: number[] = [];
  const marks: LineMark[] = [];
  let sceneStart = true;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const t = raw.trim();
    if (t === '') {
      sceneStart = true;
      lines[i] = '';
      continue;
    }
    if (BREAK_LINE.test(t)) {
      breaks.push(i + 1);
      lines[i] = '';
      sceneStart = true;
      continue;
    }
    // Plain-text manuscripts indent paragraphs; in Markdown that would make code blocks.
    if (raw !== t) lines[i] = raw.trimStart();
    // A marker must start a scene (follow a blank line or a break), so a character's name
    // alone on a wrapped line inside a paragraph is never taken for one.
    const first = t.charCodeAt(0);
    if (first === 58 /* : */ || (sceneStart && t.length <= 80)) {
      const kind = classifyLine(t, raw, cast);
      if (kind && (kind.type !== 'marker' || sceneStart)) marks.push({ ...kind, kind: 'mark', line: i + 1 });
    }
    sceneStart = false;
  }
  return { lines, breaks, marks };
}

/** Parses the (pre-processed) lines into paragraphs and breaks, in line order. */
export function markdownBlocks(lines: string[], breaks: number[], work: Work): { blocks: Block[]; problem?: Problem } {
  // This is md.parse() unrolled, rule for rule (CORE_CHAIN), except that each paragraph's
  // inline tokens are parsed, turned into runs and dropped at once instead of the whole
  // document's token tree staying alive until the end: that tree was most of the garbage
  // collector's work. Reference definitions are all collected by the block pass (into env)
  // before any inline parsing, exactly as in md.parse().
  let src = lines.join('\n');
  if (src.includes('\r')) src = src.replace(/\r\n?/g, '\n');
  if (src.includes('\0')) src = src.replace(/\0/g, '\uFFFD');
  const env = {};
  const tokens: Token[] = [];
  md.block.parse(src, md, env, tokens);
  // markdown-it's block pass reads each line once per container around it (modelled here as
  // each container's line span); the inline pass below reads each paragraph's text.
  let steps = src.length + lines.length + tokens.length;
  for (const tok of tokens) {
    if (tok.nesting !== 1 || !tok.map) continue;
    steps += tok.map[1] - tok.map[0];
    if (tok.level >= MAX_MARKDOWN_DEPTH && tok.type !== 'paragraph_open' && tok.type !== 'heading_open') {
      work.steps += steps;
      return { blocks: [], problem: tooDeep(tok.map[0] + 1) };
    }
  }
  const blocks: Block[] = [];
  for (const tok of tokens) {
    const line = (tok.map?.[0] ?? 0) + 1;
    if (tok.type === 'inline') {
      const runs = paragraphRuns(tok.content, env, work);
      if (runs.length > 0) blocks.push({ kind: 'para', runs, line });
    } else if (tok.type === 'hr') {
      blocks.push({ kind: 'break', line });
    } else if (tok.type === 'fence' || tok.type === 'code_block') {
      const runs = normaliseRuns([{ text: tok.content, f: 0 }]);
      if (runs.length > 0) blocks.push({ kind: 'para', runs, line });
    }
  }
  work.steps += steps + breaks.length;
  if (breaks.length === 0) return { blocks };
  const merged: Block[] = [];
  let b = 0;
  for (const block of blocks) {
    while (b < breaks.length && (breaks[b] as number) < block.line) merged.push({ kind: 'break', line: breaks[b++] as number });
    merged.push(block);
  }
  while (b < breaks.length) merged.push({ kind: 'break', line: breaks[b++] as number });
  return { blocks: merged };
}

function tooDeep(line: number): Problem {
  return error(
    'too_deep',
    line,
    `Blockquotes and lists are nested more than ${MAX_MARKDOWN_DEPTH} levels deep here (a blockquote counts one level, a list two); the limit is ${MAX_MARKDOWN_DEPTH}.`,
    'Remove the extra ">" or list markers at the start of these lines, or indent them less.',
  );
}

/**
 * Text in which no inline rule can fire (no line break, emphasis, code, link, escape or
 * entity) is one plain run: markdown-it would give it back as a single text token. Skipping
 * it saves a parser state and a few tokens per paragraph, which is most of the cost of a
 * chapter of many short paragraphs. `shortcut: false` is for the test that checks the two agree.
 */
const INLINE_SYNTAX = /[\n!&*<[\\\]_`~]/;

export function paragraphRuns(content: string, env: object, work: Work, shortcut = true): Run[] {
  if (shortcut && !INLINE_SYNTAX.test(content)) return normaliseRuns([{ text: content, f: 0 }]);
  const children: Token[] = [];
  md.inline.parse(content, md, env, children);
  work.steps += children.length;
  return normaliseRuns(inlineRuns(textJoin(children)));
}

/** markdown-it's text_join core rule, for one paragraph's inline tokens. */
function textJoin(tokens: Token[]): Token[] {
  // Like text_join, one level down only (an image's alt text tokens).
  for (const t of tokens) if (t.children) joinText(t.children);
  return joinText(tokens);
}

function joinText(tokens: Token[]): Token[] {
  for (const t of tokens) if (t.type === 'text_special') t.type = 'text';
  let last = 0;
  for (let curr = 0; curr < tokens.length; curr++) {
    const t = tokens[curr] as Token;
    const next = tokens[curr + 1];
    if (t.type === 'text' && next !== undefined && next.type === 'text') next.content = t.content + next.content;
    else tokens[last++] = t;
  }
  tokens.length = last;
  return tokens;
}

function inlineRuns(children: Token[]): Run[] {
  const runs: Run[] = [];
  let f = 0;
  const links: (string | undefined)[] = [];
  const add = (text: string, flags: number): void => {
    const href = links[links.length - 1];
    runs.push(href === undefined ? { text, f: flags } : { text, f: flags, href });
  };
  for (const t of children) {
    switch (t.type) {
      case 'text':
        add(t.content, f);
        break;
      case 'softbreak':
        add(' ', f);
        break;
      case 'hardbreak':
        runs.push({ text: '', f: 0, br: true });
        break;
      case 'strong_open':
        f |= STRONG;
        break;
      case 'strong_close':
        f &= ~STRONG;
        break;
      case 'em_open':
        f |= EM;
        break;
      case 'em_close':
        f &= ~EM;
        break;
      case 's_open':
        f |= S;
        break;
      case 's_close':
        f &= ~S;
        break;
      case 'code_inline':
        add(t.content, f | CODE);
        break;
      case 'link_open':
        links.push(safeHref(String(t.attrGet('href') ?? '')));
        break;
      case 'link_close':
        links.pop();
        break;
      case 'image':
        // Images are not passages' business; keep their alt text so no words go missing.
        add(t.content, f);
        break;
      default:
        if (t.content) add(t.content, f);
    }
  }
  return runs;
}
