// Markdown / plain text → blocks, via markdown-it. Directive, marker and scene-break lines
// are recognised per line *before* markdown-it runs and replaced by empty lines, which keeps
// line numbers exact and sidesteps two traps: `~~~` would open a code fence and a
// "Mark's POV" line followed by `---` would become a setext heading.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Block, LineMark } from './blocks';
import type { Cast } from './cast';
import { chunks, type Chunk } from './chunks';
import { BREAK_LINE, classifyLine } from './lines';
import { error } from './problems';
import { MAX_PASSAGES, containerProblem, tooManyPassages } from './shape';
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
export const md = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: false,
  maxNesting: MAX_MARKDOWN_DEPTH + 1,
}).disable(['table', 'code', 'html_block', 'html_inline', 'linkify', 'replacements', 'smartquotes']);

// markdownBlocks runs this core chain by hand (see there); fail loudly rather than drift
// if the configuration or a markdown-it upgrade ever changes it.
const CORE_CHAIN = 'normalize,block,strip_references,inline,text_join';
const coreChain = md.core.ruler.__rules__
  .filter((r) => r.enabled)
  .map((r) => r.name)
  .join(',');
if (coreChain !== CORE_CHAIN)
  throw new Error(`markdownBlocks expects the markdown-it core chain ${CORE_CHAIN}, not ${coreChain}`);

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

/**
 * Parses the (pre-processed) lines into paragraphs and breaks, in line order.
 * `shortcuts: false` sends everything through markdown-it, for the test that checks they agree.
 */
export function markdownBlocks(
  lines: string[],
  breaks: number[],
  work: Work,
  shortcuts = true,
  proseShape = true,
): { blocks: Block[]; problem?: Problem } {
  // This is md.parse() unrolled, rule for rule (CORE_CHAIN), with two differences. Plain
  // paragraphs (chunks.ts) are built directly rather than by markdown-it's block pass. And
  // each paragraph's inline tokens are parsed, turned into runs and dropped at once instead
  // of the whole document's token tree staying alive until the end: that tree was most of
  // the garbage collector's work. Reference definitions are all collected by the block
  // passes (into env) before any inline parsing, exactly as in md.parse().
  const env: Record<string, unknown> = {};
  const parts: (Chunk | Token[])[] = [];
  let steps = lines.length + breaks.length;
  const stretches = shortcuts ? chunks(lines) : [{ start: 0, end: lines.length, plain: false }];
  // Weighed before markdown-it reads any of it: its block pass is what a blockquote of
  // two-byte lines makes expensive (shape.ts).
  const structure = proseShape && containerProblem(lines, stretches, MAX_MARKDOWN_DEPTH);
  if (structure) {
    work.steps += steps + stretches.length;
    return { blocks: [], problem: structure };
  }
  for (const chunk of stretches) {
    if (chunk.plain) {
      parts.push(chunk);
      continue;
    }
    let src = lines.slice(chunk.start, chunk.end).join('\n');
    if (src.includes('\r')) src = src.replace(/\r\n?/g, '\n');
    if (src.includes('\0')) src = src.replace(/\0/g, '\uFFFD');
    const tokens: Token[] = [];
    md.block.parse(src, md, env, tokens);
    // markdown-it's block pass reads each line once per container around it (modelled here
    // as each container's line span).
    steps += src.length + tokens.length;
    for (const tok of tokens) {
      if (!tok.map) continue;
      tok.map[0] += chunk.start;
      tok.map[1] += chunk.start;
      if (tok.nesting !== 1) continue;
      steps += tok.map[1] - tok.map[0];
      if (tok.level >= MAX_MARKDOWN_DEPTH && tok.type !== 'paragraph_open' && tok.type !== 'heading_open') {
        work.steps += steps;
        return { blocks: [], problem: tooDeep(tok.map[0] + 1) };
      }
    }
    parts.push(tokens);
  }
  const blocks: Block[] = [];
  const para = (content: string, line: number): void => {
    steps += content.length;
    const runs = paragraphRuns(content, env, work);
    if (runs.length > 0) blocks.push({ kind: 'para', runs, line });
  };
  for (const part of parts) {
    if (!Array.isArray(part)) {
      // What markdown-it's paragraph rule would give: the lines, trimmed as a whole (of ASCII
      // whitespace only, like its asciiTrim).
      const content =
        part.end - part.start === 1
          ? (lines[part.start] as string)
          : lines.slice(part.start, part.end).join('\n');
      para(asciiTrim(content.includes('\0') ? content.replace(/\0/g, '\uFFFD') : content), part.start + 1);
      continue;
    }
    for (const tok of part) {
      const line = (tok.map?.[0] ?? 0) + 1;
      if (tok.type === 'inline') para(tok.content, line);
      else if (tok.type === 'hr') blocks.push({ kind: 'break', line });
      else if (tok.type === 'fence' || tok.type === 'code_block') {
        const runs = normaliseRuns([{ text: tok.content, f: 0 }]);
        if (runs.length > 0) blocks.push({ kind: 'para', runs, line });
      }
    }
  }
  work.steps += steps;
  // Lists can make several paragraphs of one chunk; the cheap count before (shape.ts) could not see them.
  if (proseShape && blocks.length + breaks.length > MAX_PASSAGES)
    return {
      blocks: [],
      problem: tooManyPassages(
        (blocks[MAX_PASSAGES - breaks.length] ?? blocks[blocks.length - 1])?.line ?? 1,
        'line',
      ),
    };
  if (breaks.length === 0) return { blocks };
  const merged: Block[] = [];
  let b = 0;
  for (const block of blocks) {
    while (b < breaks.length && (breaks[b] as number) < block.line)
      merged.push({ kind: 'break', line: breaks[b++] as number });
    merged.push(block);
  }
  while (b < breaks.length) merged.push({ kind: 'break', line: breaks[b++] as number });
  return { blocks: merged };
}

const asciiSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

function asciiTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && asciiSpace(s.charCodeAt(start))) start++;
  while (end > start && asciiSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
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
 * Text in which no inline rule but the line break can fire (no emphasis, code, link, escape
 * or entity) is plain runs: markdown-it would give back text tokens and line breaks. Skipping
 * it saves a parser state and a few tokens per line, which is most of the cost of a chapter of
 * many short paragraphs or lines. `shortcut: false` is for the test that checks the two agree.
 */
const INLINE_SYNTAX = /[!&*<[\\\]_`~]/;

export function paragraphRuns(
  content: string,
  env: Record<string, unknown>,
  work: Work,
  shortcut = true,
): Run[] {
  if (shortcut && !INLINE_SYNTAX.test(content))
    return normaliseRuns(content.includes('\n') ? lineRuns(content) : [{ text: content, f: 0 }]);
  const children: Token[] = [];
  md.inline.parse(content, md, env, children);
  work.steps += children.length;
  return normaliseRuns(inlineRuns(textJoin(children)));
}

/**
 * markdown-it's newline rule on plain text: a line ending in two or more spaces is a hard
 * break (the spaces go), any other line end a space; the next line's indentation is skipped.
 */
function lineRuns(content: string): Run[] {
  const runs: Run[] = [];
  let text = '';
  let from = 0;
  for (;;) {
    const nl = content.indexOf('\n', from);
    let line = nl < 0 ? content.slice(from) : content.slice(from, nl);
    if (from > 0) {
      let k = 0;
      while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9) k++;
      if (k > 0) line = line.slice(k);
    }
    if (nl < 0) {
      text += line;
      break;
    }
    let end = line.length;
    while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
    if (line.length - end >= 2) {
      runs.push({ text: text + line.slice(0, end), f: 0 }, { text: '', f: 0, br: true });
      text = '';
    } else text += (end < line.length ? line.slice(0, -1) : line) + ' ';
    from = nl + 1;
  }
  if (text !== '') runs.push({ text, f: 0 });
  return runs;
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
    if (t.type === 'text' && next !== undefined && next.type === 'text')
      next.content = t.content + next.content;
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
    // Joined here already when the formats agree (normaliseRuns would join them anyway): a
    // paragraph of many lines is then a few runs, not one per line and one per line break.
    const last = runs[runs.length - 1];
    if (last && !last.br && last.f === flags && last.href === href) last.text += text;
    else runs.push(href === undefined ? { text, f: flags } : { text, f: flags, href });
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
