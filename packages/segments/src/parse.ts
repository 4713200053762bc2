// parseChapter: bytes or text in any supported format → one ParsedChapter, or every
// problem at once. Pure: no I/O, no Node-only APIs, so it runs in the browser too.
import type { Block, LineMark } from './blocks';
import { buildCast, type Cast } from './cast';
import {
  applyConvention,
  decideConvention,
  foundNothing,
  isDirective,
  styleFound,
  type Entry,
  type Item,
} from './conventions';
import { DECLARATION_WINDOW, findDeclaration, type Declaration } from './declared';
import { htmlBlocks, type LineMode } from './html';
import { keysFor } from './keys';
import { classifyLine } from './lines';
import { markdownBlocks, scanMarkdown } from './markdown';
import { splitNotes, type ChapterNotes } from './notes';
import { error, hasErrors, sortProblems } from './problems';
import { runsText, runsToHtml } from './runs';
import { sanitizeInlineAll } from './sanitize';
import { markdownShapeProblem } from './shape';
import { countWords, hashHex, utf8Length } from './text';
import type {
  Convention,
  ParsedChapter,
  ParseOptions,
  ParseResult,
  Passage,
  Problem,
  Segment,
} from './types';
import { newWork, type Work } from './work';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export async function parseChapter(input: string | Uint8Array, options: ParseOptions): Promise<ParseResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? utf8Length(input) : input.byteLength;
  if (size > maxBytes) return { ok: false, problems: [tooLarge(size, maxBytes)] };

  const cast = buildCast(options.characters);
  const work = options.work ?? newWork();
  const proseShape = options.proseShape !== false;
  let blocks: Block[];
  let marks: LineMark[];
  let lines: string[] | null = null;
  let breakLines: number[] = [];
  let sanitise = false;

  if (options.format === 'docx') {
    if (typeof input === 'string') {
      return {
        ok: false,
        problems: [
          error(
            'invalid_docx',
            1,
            'A .docx upload must be the file itself, not text.',
            'Upload the .docx file, or choose Markdown/plain text for pasted text.',
          ),
        ],
      };
    }
    const { docxToHtml } = await import('./docx');
    const converted = await docxToHtml(input);
    if (!converted.ok) return { ok: false, problems: [converted.problem] };
    const read = fromHtml(converted.html, 'ordinal', cast, work, proseShape);
    if (read.problem) return { ok: false, problems: [read.problem] };
    ({ blocks, marks } = read);
    sanitise = true;
  } else {
    const decoded = typeof input === 'string' ? { ok: true as const, text: input } : decodeUtf8(input);
    if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
    let text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (options.format === 'html') {
      // Pasted HTML is often a single line; the paragraph number is what an author can find.
      const read = fromHtml(text, 'ordinal', cast, work, proseShape);
      if (read.problem) return { ok: false, problems: [read.problem] };
      ({ blocks, marks } = read);
      sanitise = true;
    } else {
      const scan = scanMarkdown(text, cast);
      work.steps += text.length;
      const shape = proseShape && markdownShapeProblem(scan.lines, scan.breaks);
      if (shape) return { ok: false, problems: [shape] };
      marks = scan.marks;
      lines = scan.lines;
      breakLines = scan.breaks;
      blocks = [];
    }
  }

  // What the author told their readers about the convention (in a note or the first lines).
  const declared = findDeclaration(
    lines ? markdownParagraphs(lines, DECLARATION_WINDOW) : blockParagraphs(blocks, DECLARATION_WINDOW),
    cast,
  );
  // Markdown is parsed only once the convention is known, because the convention decides
  // which marker lines are markup (removed) and which are prose (kept).
  const decision = decideConvention(options.convention, marks, blocks, options.styleMapping, cast, declared);
  const used = (m: LineMark): boolean =>
    decision.convention === 'directives'
      ? isDirective(m)
      : decision.convention === 'markers' && m.type === 'marker';
  let items: Item[];
  if (lines) {
    for (const m of marks) if (used(m)) lines[m.line - 1] = '';
    const read = markdownBlocks(lines, breakLines, work, true, proseShape);
    if (read.problem) return { ok: false, problems: [read.problem], detected: decision.convention };
    blocks = read.blocks;
    if (!options.convention && decision.convention === 'none' && marks.length === 0 && !declared) {
      // Detection for style-looking Markdown needs the parsed blocks.
      decision.problems.push(...decideConvention(undefined, [], blocks, options.styleMapping, cast).problems);
    }
    items = mergeByLine(blocks, marks.filter(used));
  } else {
    items = htmlItems(blocks, used);
  }

  if (
    decision.convention === 'style' &&
    decision.mapping &&
    (decision.mapping.bold || decision.mapping.italic) &&
    !styleFound(blocks, decision.mapping)
  ) {
    const chosen = options.convention === 'style' || options.styleMapping !== undefined;
    decision.problems.push(foundNothing('style', decision.mapping, declared, chosen));
    if (!chosen) {
      decision.convention = 'none';
      delete decision.mapping;
    }
  }
  if (options.convention === 'markers' && !marks.some((m) => m.type === 'marker' || isDirective(m)))
    decision.problems.push(foundNothing('markers', undefined, declared, true));

  let notes: ChapterNotes = { before: [], after: [] };
  // Canonical markup (directives) is ours: its notes live in their own fields, and it must round-trip.
  if (options.detectNotes !== false && decision.convention !== 'directives') {
    const split = splitNotes(items, {
      convention: decision.convention,
      storyText: new Set(options.storyText ?? []),
      declarationLines: new Set(declared ? [declared.line] : []),
      italicIsPov: decision.convention === 'style' && !!decision.mapping?.italic,
    });
    items = split.items;
    notes = split.notes;
  }

  const applied = applyConvention(decision.convention, items, cast, decision.mapping);
  work.steps += items.length + marks.length;
  const problems = [...decision.problems, ...applied.problems];
  if (!applied.entries.some((e) => e.block.kind === 'para')) {
    problems.push(
      error(
        'empty_chapter',
        1,
        'This chapter has no text.',
        'Check that you chose the right file; a chapter needs at least one paragraph.',
      ),
    );
  }
  const detected = decision.convention;
  if (hasErrors(problems)) return { ok: false, problems: sortProblems(problems), detected };

  const chapter = buildChapter(applied.entries, decision.convention, options.previous, sanitise, work);
  chapter.notes = notes;
  chapter.declared = declared;
  if (decision.convention === 'style' && decision.mapping) chapter.styleMapping = decision.mapping;
  return { ok: true, chapter, detected, problems: sortProblems(problems) };
}

function tooLarge(size: number, max: number): Problem {
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return error(
    'too_large',
    1,
    `The file is ${mb(size)}; the limit is ${mb(max)} (${max} bytes).`,
    'Split the chapter into smaller chapters, or remove embedded images and save again.',
  );
}

function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: Problem } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // TextDecoder does not say where; the first replacement character of a lenient decode does.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = Math.max(0, lenient.indexOf('\uFFFD'));
    const before = lenient.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return {
      ok: false,
      problem: error(
        'invalid_utf8',
        line,
        'This file is not valid UTF-8 text.',
        'Save the file as "UTF-8" text (in most editors: Save As… → Encoding: UTF-8), then upload it again.',
        column,
      ),
    };
  }
}

const markOfBlock = new WeakMap<Block, LineMark>();

function fromHtml(
  html: string,
  mode: LineMode,
  cast: Cast,
  work: Work,
  proseShape: boolean,
): { blocks: Block[]; marks: LineMark[]; problem?: Problem } {
  const { blocks, problem } = htmlBlocks(html, mode, work, proseShape);
  if (problem) return { blocks, marks: [], problem };
  const marks: LineMark[] = [];
  for (const b of blocks) {
    if (b.kind !== 'para') continue;
    const text = runsText(b.runs).trim();
    const kind = classifyLine(text, text, cast);
    if (!kind) continue;
    const mark: LineMark = { ...kind, kind: 'mark', line: b.line };
    marks.push(mark);
    markOfBlock.set(b, mark);
  }
  return { blocks, marks };
}

/** Replaces the paragraphs that are markup under the chosen convention by their marks. */
function htmlItems(blocks: Block[], used: (m: LineMark) => boolean): Item[] {
  return blocks.map((b) => {
    const mark = markOfBlock.get(b);
    return mark && used(mark) ? mark : b;
  });
}

function mergeByLine(blocks: Block[], marks: LineMark[]): Item[] {
  if (marks.length === 0) return blocks;
  const out: Item[] = [];
  let m = 0;
  for (const b of blocks) {
    while (m < marks.length && (marks[m] as LineMark).line < b.line) out.push(marks[m++] as LineMark);
    out.push(b);
  }
  while (m < marks.length) out.push(marks[m++] as LineMark);
  return out;
}

function toPassage(block: Block, html: string): Passage {
  if (block.kind === 'break')
    return {
      key: '',
      kind: 'break',
      html: '',
      text: '',
      hash: hashHex('\u0000break'),
      wordCount: 0,
      line: block.line,
    };
  const text = runsText(block.runs);
  return {
    key: '',
    kind: 'text',
    html,
    text,
    hash: hashHex(html),
    wordCount: countWords(text),
    line: block.line,
  };
}

interface Group {
  pov: string | null;
  blocks: Block[];
}

function buildChapter(
  entries: Entry[],
  convention: Convention,
  previous: Passage[] | undefined,
  sanitise: boolean,
  work: Work,
): ParsedChapter {
  // A break without a POV of its own (markers, style) sits with the passage before it, i.e.
  // it closes that scene; only a break before any text takes the POV of what follows.
  const povs = entries.map((e) => e.pov);
  let last: string | null | undefined;
  for (let i = 0; i < povs.length; i++) {
    if (povs[i] === undefined) povs[i] = last;
    else last = povs[i];
  }
  for (let i = povs.length - 1; i >= 0; i--) {
    if (povs[i] === undefined) povs[i] = i + 1 < povs.length ? povs[i + 1] : null;
  }

  const groups: Group[] = [];
  entries.forEach((e, i) => {
    const pov = povs[i] ?? null;
    const lastGroup = groups[groups.length - 1];
    if (lastGroup && lastGroup.pov === pov) lastGroup.blocks.push(e.block);
    else groups.push({ pov, blocks: [e.block] });
  });
  work.steps += entries.length + foldLoneBreaks(groups);

  const blocks: Block[] = [];
  for (const g of groups) append(blocks, g.blocks);
  const generated = blocks.map((b) => (b.kind === 'para' ? runsToHtml(b.runs) : ''));
  const htmls = sanitise ? sanitizeInlineAll(generated) : generated;
  const flat = blocks.map((b, i) => toPassage(b, htmls[i] as string));
  for (const p of flat) work.steps += 1 + p.html.length;
  // The passages are this call's own, so they take their keys in place (assignKeys copies).
  const keys = keysFor(previous, flat, work);
  for (let i = 0; i < flat.length; i++) (flat[i] as Passage).key = keys[i] as string;

  let k = 0;
  const segments: Segment[] = groups.map((g) => {
    const passages = flat.slice(k, (k += g.blocks.length));
    return { pov: g.pov, passages, wordCount: passages.reduce((n, p) => n + p.wordCount, 0) };
  });
  const wordsByPov: Record<string, number> = {};
  let unattributedWordCount = 0;
  for (const s of segments) {
    if (s.pov === null) unattributedWordCount += s.wordCount;
    else wordsByPov[s.pov] = (wordsByPov[s.pov] ?? 0) + s.wordCount;
  }
  return {
    segments,
    wordCount: segments.reduce((n, s) => n + s.wordCount, 0),
    wordsByPov,
    unattributedWordCount,
    convention,
    notes: { before: [], after: [] },
    declared: null,
  };
}

/** The first paragraphs of a Markdown source (blank-line separated), emphasis marks dropped. */
function markdownParagraphs(lines: string[], max: number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let cur: { text: string; line: number } | null = null;
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const t = (lines[i] as string).trim();
    if (!t) {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    const plain = t.replace(/[*_`]+/g, '');
    if (cur) cur.text += ` ${plain}`;
    else cur = { text: plain, line: i + 1 };
    if (cur.text.length > 4000) break;
  }
  if (cur && out.length < max) out.push(cur);
  return out;
}

function blockParagraphs(blocks: Block[], max: number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  for (const b of blocks) {
    if (out.length >= max) break;
    if (b.kind === 'para') out.push({ text: runsText(b.runs), line: b.line });
  }
  return out;
}

export type { Declaration };

/**
 * An unattributed "segment" made only of breaks (a `***` between two POV blocks) is not a
 * segment anyone reads: it joins the segment before it (or after it, at the very start).
 * One pass that builds the kept groups in order (removing from the middle of the array made
 * many such segments quadratic); returns how many steps it took.
 */
function foldLoneBreaks(groups: Group[]): number {
  const out: Group[] = [];
  let left = groups.length;
  let steps = 0;
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k] as Group;
    steps += 1 + g.blocks.length;
    if (g.pov !== null || left === 1 || g.blocks.some((b) => b.kind === 'para')) {
      out.push(g);
      continue;
    }
    const prev = out[out.length - 1];
    const next = groups[k + 1];
    left--;
    if (prev) {
      append(prev.blocks, g.blocks);
      // Two neighbours with the same POV are now adjacent: merge them into one segment.
      if (next && prev.pov === next.pov) {
        append(prev.blocks, next.blocks);
        steps += next.blocks.length;
        left--;
        k++;
      }
    } else if (next) {
      next.blocks = [...g.blocks, ...next.blocks];
    }
  }
  groups.length = 0;
  append(groups, out);
  return steps;
}

/** push(...from) without spreading arguments, which overflows the stack on long arrays. */
function append<T>(to: T[], from: T[]): void {
  for (const x of from) to.push(x);
}
