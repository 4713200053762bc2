// Every input format is reduced to "runs": text with a set of inline formats. Passage HTML
// is then *generated* from runs rather than copied from the input, which makes it canonical
// (the same content always yields the same HTML, whatever the source format) and safe by
// construction: only fixed tags and escaped text are ever emitted.
import { escapeAttr, escapeText } from './text';

export const STRONG = 1;
export const EM = 2;
export const U = 4;
export const S = 8;
export const SUB = 16;
export const SUP = 32;
export const CODE = 64;

export interface Run {
  text: string;
  /** Bit set of STRONG | EM | ... */
  f: number;
  href?: string;
  /** A hard line break; `text` is '' then. */
  br?: true;
}

const SAFE_HREF = /^(?:https?:|mailto:)/i;

/** Links survive only with http(s) or mailto targets; anything else keeps its text but loses the link. */
export function safeHref(href: string | undefined | null): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  return SAFE_HREF.test(h) ? h : undefined;
}

const MESSY_SPACE = /[\t\n\r\f\v]| {2}/;

const sameFormat = (a: Run, b: Run): boolean => !a.br && !b.br && a.f === b.f && a.href === b.href;

/**
 * Collapses whitespace like a browser would, trims the ends, and gives each space at the
 * edge of a formatted span only the formats shared by the text on both sides of it — so
 * "<b>Hi </b>there" and "**Hi** there" agree, while "[a b](url)" stays one link.
 */
export function normaliseRuns(input: Run[]): Run[] {
  // Fast path for the common case, a single plain run with tidy spacing.
  const only = input[0];
  if (
    input.length === 1 &&
    only &&
    !only.br &&
    only.f === 0 &&
    only.href === undefined &&
    !MESSY_SPACE.test(only.text)
  ) {
    const t = only.text.trim();
    return t === '' ? [] : [{ text: t, f: 0 }];
  }
  const collapsed: Run[] = [];
  let afterSpace = true;
  for (const r of input) {
    if (r.br) {
      trimLast(collapsed);
      if (collapsed.length > 0 && !collapsed[collapsed.length - 1]?.br)
        collapsed.push({ text: '', f: 0, br: true });
      afterSpace = true;
      continue;
    }
    let t = MESSY_SPACE.test(r.text) ? r.text.replace(/[ \t\n\r\f\v]+/g, ' ') : r.text;
    if (afterSpace && t.startsWith(' ')) t = t.slice(1);
    if (t === '') continue;
    afterSpace = t.endsWith(' ');
    pushMerged(collapsed, { ...r, text: t });
  }
  trimLast(collapsed);
  while (collapsed[collapsed.length - 1]?.br) collapsed.pop();
  trimLast(collapsed);

  // Every run in `collapsed` is this call's own copy, and of a neighbour only its formats
  // are read below, so runs move to `out` as they are (merging may extend their text).
  const out: Run[] = [];
  for (let i = 0; i < collapsed.length; i++) {
    const r = collapsed[i] as Run;
    if (r.br || (r.f === 0 && r.href === undefined)) {
      pushMerged(out, r);
      continue;
    }
    const lead = r.text.startsWith(' ');
    const trail = r.text.endsWith(' ') && r.text.length > 1;
    if (lead) pushMerged(out, edgeSpace(collapsed[i - 1], r));
    if (!lead && !trail) pushMerged(out, r);
    else {
      const core = r.text.slice(lead ? 1 : 0, trail ? -1 : undefined);
      if (core !== '') pushMerged(out, { ...r, text: core });
    }
    if (trail) pushMerged(out, edgeSpace(r, collapsed[i + 1]));
  }
  return out;
}

function edgeSpace(left: Run | undefined, right: Run | undefined): Run {
  if (!left || !right || left.br || right.br) return { text: ' ', f: 0 };
  const f = left.f & right.f;
  return left.href !== undefined && left.href === right.href
    ? { text: ' ', f, href: left.href }
    : { text: ' ', f };
}

/** Appends `r`, which the caller hands over (it may be extended by later merges). */
function pushMerged(out: Run[], r: Run): void {
  const last = out[out.length - 1];
  if (last && sameFormat(last, r)) last.text += r.text;
  else out.push(r);
}

function trimLast(out: Run[]): void {
  const last = out[out.length - 1];
  if (last && !last.br && last.text.endsWith(' ')) {
    last.text = last.text.slice(0, -1);
    if (last.text === '') out.pop();
  }
}

export function runsText(runs: Run[]): string {
  let s = '';
  for (const r of runs) s += r.br ? '\n' : r.text;
  return s;
}

/** The code units JavaScript's `\s` matches. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `s.replace(/\s+/g, '').length`, without building the string. */
function nonSpaceLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) n++;
  return n;
}

/** Share of non-space characters carrying `flag` (0 when there is no text). */
export function formatRatio(runs: Run[], flag: number): number {
  let total = 0;
  let flagged = 0;
  for (const r of runs) {
    if (r.br) continue;
    const n = nonSpaceLength(r.text);
    total += n;
    if (r.f & flag) flagged += n;
  }
  return total === 0 ? 0 : flagged / total;
}

export function stripFormat(runs: Run[], flag: number): Run[] {
  return normaliseRuns(runs.map((r) => ({ ...r, f: r.f & ~flag })));
}

// Fixed nesting order: link outermost, then strong, em, ... This order is what makes the
// HTML canonical; markdown-it may nest differently but runs are flat, so it cannot matter.
const LEVELS: { flag: number; tag: string }[] = [
  { flag: STRONG, tag: 'strong' },
  { flag: EM, tag: 'em' },
  { flag: U, tag: 'u' },
  { flag: S, tag: 's' },
  { flag: SUB, tag: 'sub' },
  { flag: SUP, tag: 'sup' },
  { flag: CODE, tag: 'code' },
];

export interface Wrapper {
  text(s: string, run: Run): string;
  br(): string;
  link(inner: string, href: string): string;
  format(inner: string, flag: number, tag: string): string;
}

/** Groups runs by link, then by each format in LEVELS order, and wraps each group. */
export function renderRuns(runs: Run[], w: Wrapper): string {
  const plainOnly = runs.every((r) => r.f === 0 && r.href === undefined);
  if (plainOnly) return runs.map((r) => (r.br ? w.br() : w.text(r.text, r))).join('');
  let out = '';
  forGroups(
    runs,
    (r) => r.href ?? '',
    (group, href) => {
      const inner = renderLevel(group, 0, w);
      out += href ? w.link(inner, href) : inner;
    },
  );
  return out;
}

function renderLevel(runs: Run[], level: number, w: Wrapper): string {
  let present = 0;
  for (const r of runs) present |= r.f;
  // Skip the levels no run uses: most prose has one or two formats at most.
  while (level < LEVELS.length && !(present & (LEVELS[level] as { flag: number }).flag)) level++;
  const spec = LEVELS[level];
  if (!spec) {
    let out = '';
    for (const r of runs) out += r.br ? w.br() : w.text(r.text, r);
    return out;
  }
  let out = '';
  forGroups(
    runs,
    (r) => (r.f & spec.flag ? '1' : ''),
    (group, on) => {
      const inner = renderLevel(group, level + 1, w);
      out += on ? w.format(inner, spec.flag, spec.tag) : inner;
    },
  );
  return out;
}

function forGroups(runs: Run[], keyOf: (r: Run) => string, visit: (group: Run[], key: string) => void): void {
  let start = 0;
  for (let i = 1; i <= runs.length; i++) {
    const prev = runs[i - 1] as Run;
    const cur = runs[i];
    if (cur === undefined || keyOf(cur) !== keyOf(prev)) {
      visit(runs.slice(start, i), keyOf(prev));
      start = i;
    }
  }
}

/**
 * renderRuns with the HTML wrapper, written out over index ranges: the same groups in the
 * same order, without the closures and array slices (this runs for every passage).
 */
export function runsToHtml(runs: Run[]): string {
  let plainOnly = true;
  for (const r of runs) {
    if (r.f !== 0 || r.href !== undefined) {
      plainOnly = false;
      break;
    }
  }
  if (plainOnly) return htmlPlain(runs, 0, runs.length);
  let out = '';
  let start = 0;
  for (let i = 1; i <= runs.length; i++) {
    const href = (runs[i - 1] as Run).href ?? '';
    if (i === runs.length || ((runs[i] as Run).href ?? '') !== href) {
      const inner = htmlLevel(runs, start, i, 0);
      out += href ? `<a href="${escapeAttr(href)}" rel="nofollow noopener">${inner}</a>` : inner;
      start = i;
    }
  }
  return out;
}

function htmlPlain(runs: Run[], start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const r = runs[i] as Run;
    out += r.br ? '<br />' : escapeText(r.text);
  }
  return out;
}

function htmlLevel(runs: Run[], start: number, end: number, level: number): string {
  let present = 0;
  for (let i = start; i < end; i++) present |= (runs[i] as Run).f;
  while (level < LEVELS.length && !(present & (LEVELS[level] as { flag: number }).flag)) level++;
  const spec = LEVELS[level];
  if (!spec) return htmlPlain(runs, start, end);
  const flag = spec.flag;
  let out = '';
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    const on = ((runs[i - 1] as Run).f & flag) !== 0;
    if (i === end || (((runs[i] as Run).f & flag) !== 0) !== on) {
      const inner = htmlLevel(runs, from, i, level + 1);
      out += on ? `<${spec.tag}>${inner}</${spec.tag}>` : inner;
      from = i;
    }
  }
  return out;
}
