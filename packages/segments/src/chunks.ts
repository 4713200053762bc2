// Splits pre-processed Markdown lines (indentation removed, blank lines '') into plain
// paragraphs and the stretches that need markdown-it's block parser. A run of non-blank lines
// none of which can start or interrupt a block (no `>`, list marker, `#`, fence, setext
// underline, reference definition, …) is exactly one paragraph to markdown-it, whatever is
// around it; building it directly skips markdown-it's per-paragraph state and tokens, which
// made a chapter of many tiny paragraphs cost ~20× a typical one per byte.

export interface Chunk {
  /** 0-based, end exclusive. */
  start: number;
  end: number;
  /** One paragraph of plain lines; otherwise markdown-it parses lines start..end. */
  plain: boolean;
}

/**
 * Characters that can begin a block construct or a setext underline at the start of a line:
 * fences (` ~), blockquotes (>), breaks and bullets (* - _ +), headings (#), setext (=), ordered
 * lists (digits), reference definitions ([), HTML (<) and tables (|), both disabled but kept out
 * to stay on the safe side, and whitespace (a line that was not pre-processed).
 */
const BLOCK_START = new Set([...'`~>*-_+#=[<|0123456789 \t'].map((c) => c.charCodeAt(0)));

/** An opening fence as markdown-it reads one (3+ backticks with no backtick after them, or 3+ tildes): its length, or 0. */
function opens(line: string): number {
  const char = line.charCodeAt(0);
  if (char !== 96 && char !== 126) return 0;
  let k = 1;
  while (line.charCodeAt(k) === char) k++;
  return k >= 3 && (char === 126 || !line.includes('`', k)) ? k : 0;
}

/** A closing fence: the opener's character, at least as many, then only spaces or tabs. */
function closes(line: string, char: number, length: number): boolean {
  let k = 0;
  while (line.charCodeAt(k) === char) k++;
  if (k < length) return false;
  while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9) k++;
  return k === line.length;
}

export function chunks(lines: string[]): Chunk[] {
  const out: Chunk[] = [];
  // A fenced code block is the one construct that runs across blank lines once indentation
  // is gone (a list item or blockquote ends at an unindented line after a blank one), so
  // fences are followed exactly as markdown-it does: opener, closer, or the end.
  let fence: { char: number; length: number } | null = null;
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    const start = i;
    let plain = true;
    for (; i < lines.length && (fence !== null || lines[i] !== ''); i++) {
      const line = lines[i] as string;
      plain &&= fence === null && !BLOCK_START.has(line.charCodeAt(0));
      if (fence !== null) {
        if (closes(line, fence.char, fence.length)) fence = null;
        continue;
      }
      const length = opens(line);
      if (length > 0) fence = { char: line.charCodeAt(0), length };
    }
    const last = out[out.length - 1];
    // Neighbouring stretches for markdown-it go to it as one, blank lines and all.
    if (!plain && last && !last.plain) last.end = i;
    else out.push({ start, end: i, plain });
  }
  return out;
}
