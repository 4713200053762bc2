// Line-level recognisers shared by every format: scene breaks, POV directives and marker
// lines. In Markdown they run on source lines (before markdown-it sees them); in HTML and
// .docx on the plain text of each paragraph.
import type { Cast } from './cast';

/** `***`, `* * *`, `~~~`, `---`, `___`, `===`, `#`, `# # #`, `•••`. */
export const BREAK_LINE =
  /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:~[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,}|(?:•[ \t]*){3,}|(?:#[ \t]*){1,3})$/;

export type LineKind =
  | { type: 'open'; name: string; column: number }
  | { type: 'close' }
  | { type: 'unknown-directive'; word: string }
  | { type: 'marker'; name: string; resolved: string | null; strong: boolean; column: number };

const OPEN = /^(:{3,})[ \t]*pov\b[ \t]*(.*)$/i;
const CLOSE = /^:{3,}$/;
const OTHER_DIRECTIVE = /^:{3,}[ \t]*(\S+)/;

const POSSESSIVE = /^(.+?)['’]s\s+(?:pov|point\s+of\s+view)$/i;
const PREFIX = /^(?:pov|point\s+of\s+view)\s*[:\-–—]\s*(.+)$/i;
const SUFFIX = /^(.+?)(?:\s*[:\-–—]\s*|\s+)pov$/i;
const DECORATED = /^[~\-–—=•*+]+\s*(.+?)\s*[~\-–—=•*+]+$/;
const SPACED_DECORATION = /^[~\-–—=•*+]+\s+.+?\s+[~\-–—=•*+]+$/;
const MAY_BE_STRONG = /pov|point/i;
const DECORATED_START = /^[~\-–—=•*+]/;
const PLAUSIBLE_NAME = /^[\p{L}][\p{L}\p{M}\p{N}'’. -]{0,39}$/u;

/** Strips Markdown decoration an author may put around a marker: `## **Mark's POV**`. */
function undecorate(s: string): string {
  let t = s.replace(/^#{1,6}\s+/, '').trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_)(.+)\1$/.exec(t);
    if (!m?.[2]) break;
    t = m[2].trim();
  }
  return t.replace(/[:.]$/, '').trim();
}

function plausible(name: string, maxWords: number): boolean {
  return PLAUSIBLE_NAME.test(name) && name.split(/\s+/).length <= maxWords;
}

/**
 * Classifies one trimmed line (or paragraph text). `raw` is the untrimmed line, used
 * only to report the column of a character name.
 */
export function classifyLine(t: string, raw: string, cast: Cast): LineKind | null {
  if (t.startsWith(':::')) {
    const open = OPEN.exec(t);
    if (open) {
      const name = (open[2] ?? '').trim();
      const column = name ? raw.indexOf(name) + 1 : raw.length + 1;
      return { type: 'open', name, column };
    }
    if (CLOSE.test(t)) return { type: 'close' };
    const other = OTHER_DIRECTIVE.exec(t);
    if (other?.[1]) return { type: 'unknown-directive', word: other[1] };
    return null;
  }
  if (t.length > 80) return null;
  const s = undecorate(t);
  // Most lines are prose: skip the patterns that cannot match (they all need one of these).
  const strong = MAY_BE_STRONG.test(s) ? (POSSESSIVE.exec(s) ?? PREFIX.exec(s) ?? SUFFIX.exec(s)) : null;
  let name = strong?.[1]?.trim();
  let isStrong = name !== undefined && plausible(name, 4);
  if (!isStrong && DECORATED_START.test(s)) {
    const deco = DECORATED.exec(s);
    name = deco?.[1]?.trim();
    // "— Later —" could be prose and "~~a~~" is strikethrough, so a decorated line counts
    // as a marker only when short and spaced ("~ Mark ~"), or when it names a character.
    const spaced = deco !== null && SPACED_DECORATION.test(s);
    isStrong = name !== undefined && plausible(name, 2) && (spaced || cast.resolve(name) !== null);
  }
  if (isStrong && name) {
    return {
      type: 'marker',
      name,
      resolved: cast.resolve(name),
      strong: true,
      column: Math.max(1, raw.indexOf(name) + 1),
    };
  }
  const bare = cast.resolve(s);
  if (bare !== null) {
    return {
      type: 'marker',
      name: s,
      resolved: bare,
      strong: false,
      column: Math.max(1, raw.indexOf(s) + 1),
    };
  }
  return null;
}
