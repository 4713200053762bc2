// Reading a passage for POV inference: narration apart from dialogue, sentences, word tokens.
// One left-to-right pass per passage; nothing here looks back or ahead more than a word.

export interface Token {
  /** The word as written (letters, apostrophes, hyphens). */
  w: string;
  /** Lower-cased, curly apostrophes straightened. */
  lw: string;
  /** Index of the sentence (within its narration or quote span) this word starts, 0 = first word. */
  pos: number;
}

export interface Quote {
  tokens: Token[];
  /** Narration right after the quote (up to the sentence end): "Mark said", "I said". */
  after: Token[];
  /** Narration right before it, in the same sentence: "Theo said, ". */
  before: Token[];
}

export interface ReadPassage {
  /** Narration sentences (outside quotation marks), each a list of tokens. */
  sentences: Token[][];
  quotes: Quote[];
}

const WORD = /[\p{L}][\p{L}\p{M}'’-]*/gu;
const SENTENCE_END = /[.!?…]+/;

function tokensOf(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (const m of s.matchAll(WORD)) {
    const w = m[0].replace(/['’-]+$/, '');
    out.push({ w, lw: w.toLowerCase().replace(/’/g, "'"), pos: i++ });
  }
  return out;
}

/** Splits narration text into sentences of tokens. */
function sentencesOf(s: string): Token[][] {
  const out: Token[][] = [];
  for (const part of s.split(SENTENCE_END)) {
    const t = tokensOf(part);
    if (t.length) out.push(t);
  }
  return out;
}

/**
 * Straight double quotes toggle; curly quotes open and close. An unclosed quote ends at the
 * paragraph's end (a speech running on into the next paragraph is still speech).
 */
export function readPassage(text: string): ReadPassage {
  const narration: string[] = [];
  const spans: { quote: string; before: string; afterStart: number }[] = [];
  let buf = '';
  let inQuote = false;
  let q = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const opens = c === '“' || (c === '"' && !inQuote);
    const closes = c === '”' || (c === '"' && inQuote);
    if (!inQuote && opens) {
      inQuote = true;
      q = '';
      // The narration before the quote in the same sentence, for "Theo said, "…"".
      const lastEnd = Math.max(buf.lastIndexOf('.'), buf.lastIndexOf('!'), buf.lastIndexOf('?'));
      spans.push({ quote: '', before: buf.slice(lastEnd + 1), afterStart: -1 });
      // Keep sentence structure in narration: a quote ends whatever sentence was open.
      buf += ' ';
    } else if (inQuote && closes) {
      inQuote = false;
      const span = spans[spans.length - 1]!;
      span.quote = q;
      narration.push(buf);
      buf = '';
      span.afterStart = narration.length;
      // Narration resumes as a new sentence: "“Go,” Mark said" starts a sentence at "Mark".
    } else if (inQuote) {
      q += c;
    } else {
      buf += c;
    }
  }
  if (inQuote && spans.length) spans[spans.length - 1]!.quote = q;
  narration.push(buf);
  const sentences: Token[][] = [];
  for (const chunk of narration) {
    for (const s of sentencesOf(chunk)) sentences.push(s);
  }
  const quotes: Quote[] = spans.map((s) => {
    let after: Token[] = [];
    if (s.afterStart >= 0 && s.afterStart < narration.length) {
      const chunk = narration[s.afterStart]!;
      // Only the attribution right after the closing mark, not the whole next chunk.
      const head = chunk.split(SENTENCE_END)[0] ?? '';
      if (!/^\s*$/.test(head) || head.length < 60) after = tokensOf(head).slice(0, 4);
    }
    return { tokens: tokensOf(s.quote), before: tokensOf(s.before).slice(-4), after };
  });
  return { sentences, quotes };
}
