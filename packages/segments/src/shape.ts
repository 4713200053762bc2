// The shape of prose. A chapter is paragraphs of words with a little formatting; an upload
// that is mostly structure (hundreds of thousands of one-letter paragraphs, a formatting mark
// every other character, a blockquote re-read on every two-byte line) is not a chapter, and it
// is exactly what makes a parser pay many times more per byte than for a real one (issue 14:
// "at most 3× per byte" against a typical manuscript, docs/benchmarks.md). These limits are
// counted in one cheap pass *before* the expensive work, so such an upload is refused in
// milliseconds with a message that says what was found, where, and how to fix it.
//
// Each limit is far above what a real chapter reaches (see the numbers beside them): the
// point is the ratio of structure to text, not a size limit (that is DEFAULT_MAX_BYTES).
import type { Chunk } from './chunks';
import { error } from './problems';
import type { Problem } from './types';

/**
 * Paragraphs and scene breaks in one chapter. Archive of Our Own caps a chapter at 500,000
 * characters; at 50 characters a paragraph (a chapter of one-line dialogue) that is 10,000.
 * A typical manuscript of 1 MB here has about 2,500.
 */
export const MAX_PASSAGES = 10_000;

/**
 * Markdown formatting characters (`*`, `_`, `[`, `]`, `` ` ``, `~`, `\`) per byte of text. The
 * benchmark's manuscript, with an emphasised word in every 17 and a bold one in every 23, has
 * one in 20; a chapter in which every paragraph is bold (the "bold = Mark" convention) has
 * about one in 75; short italic thoughts between bold paragraphs, about one in 12. Text at one
 * in 8 costs markdown-it about 2.5× a typical chapter per byte (docs/benchmarks.md).
 * `FORMATTING_SLACK` lets a short text be as dense as it likes.
 */
export const FORMATTING_PER_BYTE = 1 / 8;
export const FORMATTING_SLACK = 2_000;
/**
 * A `[` counts as this many: a link costs markdown-it a link parse, a URL normalisation and a
 * check, about five emphasis marks' worth (1 MB of `[a](https://example.com/a) ` cost 3.2× a
 * typical chapter per byte with `[` counted once).
 */
export const LINK_WEIGHT = 5;

/**
 * HTML: changes of formatting between one piece of text and the next (bold on, bold off…)
 * per character of text. Word and Google Docs split text into many runs of the *same*
 * formatting; those are not counted, as they merge into one.
 */
export const HTML_CHANGES_PER_CHAR = 1 / 8;

/**
 * Markdown lines that markdown-it's block parser reads inside blockquotes and lists, weighted
 * by nesting (it re-reads a line once per enclosing level), per byte of text. Prose in a
 * blockquote, even hard-wrapped at 40 columns, is far below one per four bytes.
 */
export const CONTAINER_LINES_PER_BYTE = 1 / 4;
export const CONTAINER_SLACK = 4_000;

const PASSAGE_FIX =
  'Split it into several chapters, or check that you chose the right file: paragraphs are separated by one blank line.';

export function tooManyPassages(line: number, where: 'line' | 'paragraph'): Problem {
  return error(
    'too_many_passages',
    line,
    `This chapter has more than ${MAX_PASSAGES.toLocaleString('en')} paragraphs and scene breaks (the limit is reached at ${where} ${line}).`,
    PASSAGE_FIX,
  );
}

/** Counts paragraphs (non-blank lines after a blank one) and break lines; the line past the limit, or 0. */
export function passageLimitLine(lines: string[], breaks: number[]): number {
  let count = breaks.length;
  if (count <= MAX_PASSAGES && lines.length <= MAX_PASSAGES) return 0;
  let b = 0;
  let blank = true;
  count = 0;
  for (let i = 0; i < lines.length; i++) {
    while (b < breaks.length && (breaks[b] as number) <= i + 1) {
      b++;
      count++;
    }
    if (lines[i] === '') blank = true;
    else if (blank) {
      blank = false;
      count++;
    }
    if (count > MAX_PASSAGES) return i + 1;
  }
  return 0;
}

/** The cheap checks on a Markdown upload, before conventions and markdown-it (parse.ts). */
export function markdownShapeProblem(lines: string[], breaks: number[]): Problem | undefined {
  const over = passageLimitLine(lines, breaks);
  return over > 0 ? tooManyPassages(over, 'line') : markdownFormattingProblem(lines);
}

const isFormatting = (c: number): boolean =>
  c === 42 || c === 95 || c === 91 || c === 93 || c === 96 || c === 126 || c === 92;

/** Markdown text whose formatting characters exceed FORMATTING_PER_BYTE: the problem, naming the densest line. */
export function markdownFormattingProblem(lines: string[]): Problem | undefined {
  let total = 0;
  let bytes = 0;
  let densest = 0;
  let densestCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    bytes += line.length + 1;
    let n = 0;
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 91) n += LINK_WEIGHT;
      else if (isFormatting(c)) n++;
    }
    total += n;
    if (n > densestCount) {
      densestCount = n;
      densest = i + 1;
    }
  }
  if (total <= FORMATTING_SLACK + bytes * FORMATTING_PER_BYTE) return undefined;
  return error(
    'too_much_formatting',
    densest,
    `This text has ${total.toLocaleString('en')} formatting characters (* _ [ ] \` ~ \\; a link's [ counts ${LINK_WEIGHT}) in ${bytes.toLocaleString('en')} characters: one in every ${Math.max(1, Math.round(bytes / total))}; a chapter has at most about one in ${Math.round(1 / FORMATTING_PER_BYTE)}. Line ${densest} has the most (${densestCount.toLocaleString('en')}).`,
    'If these characters are part of the story, paste it as plain text with them removed, or put a backslash before each; otherwise check that you chose the right file.',
  );
}

/** HTML: too many changes of formatting for the text they format. */
export function tooMuchHtmlFormatting(paragraph: number, changes: number, chars: number): Problem {
  return error(
    'too_much_formatting',
    paragraph,
    `The formatting changes ${changes.toLocaleString('en')} times in ${chars.toLocaleString('en')} characters of text (up to paragraph ${paragraph}); a chapter changes formatting at most about once in ${Math.round(1 / HTML_CHANGES_PER_CHAR)} characters.`,
    'Paste the chapter as plain text, or copy it from a word processor rather than from a web page.',
  );
}

/** Nesting of one line's blockquote and list markers, as markdown-it will count it (a list counts two). */
export function lineDepth(line: string): number {
  let depth = 0;
  let k = 0;
  for (;;) {
    while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9) k++;
    const c = line.charCodeAt(k);
    if (c === 62 /* > */) {
      depth++;
      k++;
    } else if ((c === 45 || c === 42 || c === 43) && line.charCodeAt(k + 1) === 32) {
      depth += 2;
      k += 2;
    } else if (c >= 48 && c <= 57) {
      let j = k;
      while (line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
      const d = line.charCodeAt(j);
      if ((d !== 46 && d !== 41) || line.charCodeAt(j + 1) !== 32) return depth;
      depth += 2;
      k = j + 2;
    } else return depth;
  }
}

/**
 * The chunks markdown-it parses, weighed as it will read them: every line of a chunk once per
 * level of the deepest container in it (lazy continuation lines carry no `>` of their own but
 * are read at the depth of the blockquote they continue, up to `maxDepth`). Over the budget: the problem, at the
 * heaviest chunk.
 */
export function containerProblem(lines: string[], chunks: Chunk[], maxDepth: number): Problem | undefined {
  let bytes = 0;
  for (const line of lines) bytes += line.length + 1;
  let weight = 0;
  let heaviest: Chunk | undefined;
  let heaviestWeight = 0;
  for (const chunk of chunks) {
    if (chunk.plain) continue;
    let depth = 0;
    for (let i = chunk.start; i < chunk.end; i++) depth = Math.max(depth, lineDepth(lines[i] as string));
    // Deeper than markdown-it goes is refused as too_deep once it has read the chunk (bounded by its maxNesting).
    depth = Math.min(depth, maxDepth);
    const w = (chunk.end - chunk.start) * (1 + depth);
    weight += w;
    if (w > heaviestWeight) {
      heaviestWeight = w;
      heaviest = chunk;
    }
  }
  if (!heaviest || weight <= CONTAINER_SLACK + bytes * CONTAINER_LINES_PER_BYTE) return undefined;
  const lineCount = heaviest.end - heaviest.start;
  return error(
    'too_much_structure',
    heaviest.start + 1,
    `From line ${heaviest.start + 1}, ${lineCount.toLocaleString('en')} lines sit inside blockquotes or lists (nested up to ${Math.round(heaviestWeight / lineCount) - 1} levels): far more structure than a chapter's text has.`,
    'Remove the ">" and list markers (or the line breaks inside paragraphs), or paste the chapter as plain text.',
  );
}
