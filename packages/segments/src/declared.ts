// The convention an author announces in prose ("Mark's POV is bold; Lexie's is plain",
// "POV switches are marked ~Name~") in a note or the first lines. Authors write for readers,
// not for our parser, so we read what they told their readers and propose it, naming the
// sentence it came from. Only names of the story's POV characters count, which keeps prose
// such as "a bold move" from ever reading as a mapping.
import type { Cast } from './cast';
import type { StyleMapping } from './types';

export interface Declaration {
  convention: 'style' | 'markers';
  /** For 'style': who each format is. */
  mapping?: StyleMapping;
  /** The sentence as the author wrote it. */
  sentence: string;
  /** Line (Markdown) or paragraph number (HTML, .docx) it sits on. */
  line: number;
}

/** Paragraphs read for a declaration: the notes and the first few lines, never the whole chapter. */
export const DECLARATION_WINDOW = 6;

type Style = keyof StyleMapping;
const STYLE_WORDS: [RegExp, Style][] = [
  [/^bold(?:ed|face)?$/i, 'bold'],
  [/^(?:italics?|italici[sz]ed|itals?)$/i, 'italic'],
  [/^(?:plain|normal|regular|unformatted|non-bold|unbolded|roman)$/i, 'plain'],
];
/** Words that make a sentence about POV, not about a character being bold. */
const ABOUT_POV =
  /\b(?:pov|povs|point of view|perspective|parts?|sections?|narration|chapters?|text|paragraphs?|bits)\b|=/i;
const MARKED = /\b(?:marked|marks?|signalled|signaled|indicated|shown|noted)\b/i;
const MARKER_SIGN =
  /[~\-–—=•*#+]{1,3}\s*(?:name|[\p{Lu}][\p{L}'’]*)\s*[~\-–—=•*#+]{1,3}|\bname['’]?s? pov\b|\bpov:\s*name\b/iu;

function styleOf(word: string): Style | null {
  for (const [re, style] of STYLE_WORDS) if (re.test(word)) return style;
  return null;
}

/** Sentences of one paragraph, each with its text; semicolons stay inside (they join clauses). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 300);
}

/**
 * Reads "X's POV is bold", "bold = X", "X's parts are in bold", "X in italics" clause by
 * clause: a clause that names exactly one character and one format maps that format.
 */
function styleMappingOf(sentence: string, cast: Cast): StyleMapping | null {
  if (!ABOUT_POV.test(sentence)) return null;
  const mapping: StyleMapping = {};
  let found = 0;
  for (const clause of sentence.split(/;|,|\bwhile\b|\bwhereas\b|\bbut\b|\band\b|\//i)) {
    const words = clause.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? [];
    const styles = new Set<Style>();
    const names = new Set<string>();
    for (const w of words) {
      const style = styleOf(w);
      if (style) styles.add(style);
      const name = cast.resolve(w.replace(/['’]s$/i, ''));
      if (name) names.add(name);
    }
    if (styles.size !== 1 || names.size !== 1) continue;
    const [style] = styles as unknown as [Style];
    const [name] = names as unknown as [string];
    if (mapping[style] && mapping[style] !== name) return null;
    mapping[style] = name;
    found++;
  }
  if (found === 0 || (!mapping.bold && !mapping.italic)) return null;
  return mapping;
}

export function findDeclaration(
  paragraphs: { text: string; line: number }[],
  cast: Cast,
): Declaration | null {
  if (cast.names.length === 0) return null;
  for (const p of paragraphs) {
    if (p.text.length > 4000) continue;
    for (const sentence of sentences(p.text)) {
      const mapping = styleMappingOf(sentence, cast);
      if (mapping) return { convention: 'style', mapping, sentence, line: p.line };
      if (/\bpov\b|point of view/i.test(sentence) && MARKED.test(sentence) && MARKER_SIGN.test(sentence)) {
        return { convention: 'markers', sentence, line: p.line };
      }
    }
  }
  return null;
}

/** "bold = Mark, plain = Lexie", as the preview and problems say it. */
export function describeMapping(mapping: StyleMapping): string {
  return (['bold', 'italic', 'plain'] as const)
    .filter((k) => mapping[k])
    .map((k) => `${k} = ${mapping[k] as string}`)
    .join(', ');
}
