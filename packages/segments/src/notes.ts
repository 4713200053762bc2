// Author's notes at the top and bottom of an upload (as posted on Archive of Our Own or
// FanFiction.net) are proposed as the chapter's notes, not narration: they must not become
// passages, count in a POV's words, or take inline comments. Only the leading and trailing
// paragraphs are ever considered, and the author can take any of them back ("this is story
// text") by its line, so a false positive costs one click.
import type { Block, LineMark } from './blocks';
import type { Item } from './conventions';
import { EM, formatRatio, runsText } from './runs';
import type { Convention } from './types';

export type NoteReason = 'label' | 'bracketed' | 'italic' | 'reader' | 'declaration' | 'before_marker';

export interface Note {
  /** Line (Markdown) or paragraph number (HTML, .docx): the key for "this is story text". */
  line: number;
  text: string;
  reason: NoteReason;
}

export interface ChapterNotes {
  before: Note[];
  after: Note[];
}

/** "A/N", "Author's note", "AN:", "Disclaimer:", "Note:", "N/A:" at the start, bracketed or not. */
const LABEL =
  /^[[({*_\s]*(?:a\s*\/\s*n\b|a\.n\.|author['’]?s?\s+notes?\b|authors?\s+notes?\b|(?:an|disclaimer|notes?|n\/a|ps|p\.s\.)\s*[:\-–—])/i;
/** A note that talks to the reader. Kept to phrases narration rarely uses. */
const READER =
  /\b(?:reviews?\b(?!ed|ing)|r\s*&\s*r\b|read and review|thanks? (?:you )?(?:so much )?for reading|thank you all|let me know|leave (?:a |me )?(?:comment|review|kudos)|kudos\b|hope you (?:all )?(?:enjoy|like)|enjoy[!.]*$|i (?:do not|don['’]t) own|disclaimer|next (?:chapter|update)|updates? (?:soon|next)|sorry for the (?:wait|delay)|until next time|see you next)/i;
const BRACKETED = /^\s*(?:\[[^\]]*\]|\([^)]*\)|\{[^}]*\})\s*$/s;

export function noteReason(text: string, italic: boolean): NoteReason | null {
  const t = text.trim();
  if (!t) return null;
  if (LABEL.test(t)) return 'label';
  if (BRACKETED.test(t)) return 'bracketed';
  if (READER.test(t)) return 'reader';
  return italic ? 'italic' : null;
}

export interface NoteOptions {
  convention: Convention;
  /** Lines the author took back as story text. */
  storyText: ReadonlySet<number>;
  /** Lines of paragraphs that declare the convention: notes wherever they sit at the top. */
  declarationLines: ReadonlySet<number>;
  italicIsPov: boolean;
}

const isPara = (it: Item): it is Extract<Block, { kind: 'para' }> => it.kind === 'para';
const isMark = (it: Item): it is LineMark => it.kind === 'mark';

interface Candidate {
  index: number;
  reason: NoteReason | null;
  italic: boolean;
}

/**
 * Splits the leading and trailing notes off the items. A run of note paragraphs counts only if
 * it stops at the story: an italic or merely continuing paragraph is a note only when a scene
 * break (or a POV marker) sets the run apart from what follows.
 */
export function splitNotes(items: Item[], options: NoteOptions): { items: Item[]; notes: ChapterNotes } {
  const paraCount = items.filter(isPara).length;
  const drop = new Set<number>();
  const before = leading(items, options, drop);
  const after = trailing(items, options, drop);
  // Never leave a chapter without text: then nothing was a note.
  const kept = paraCount - before.length - after.length;
  if (kept <= 0 || drop.size === 0) return { items, notes: { before: [], after: [] } };
  return { items: items.filter((_, i) => !drop.has(i)), notes: { before, after } };
}

function candidate(it: Item, index: number, options: NoteOptions): Candidate | null {
  if (!isPara(it)) return null;
  const text = runsText(it.runs);
  // Under a style mapping that gives italic to a character, italic is POV, not a note.
  const italic = !options.italicIsPov && formatRatio(it.runs, EM) >= 0.9;
  const reason = options.declarationLines.has(it.line) ? 'declaration' : noteReason(text, italic);
  return { index, reason, italic };
}

function toNote(items: Item[], c: Candidate, reason: NoteReason): Note {
  const block = items[c.index] as Extract<Block, { kind: 'para' }>;
  return { line: block.line, text: runsText(block.runs), reason };
}

function leading(items: Item[], options: NoteOptions, drop: Set<number>): Note[] {
  // Under marker lines, whatever comes before the first marker is not anyone's POV: a note.
  if (options.convention === 'markers') {
    const first = items.findIndex((it) => isMark(it) && it.type === 'marker');
    if (first > 0 && items.slice(first).some(isPara)) {
      const notes: Note[] = [];
      for (let i = 0; i < first; i++) {
        const it = items[i] as Item;
        if (isPara(it) && options.storyText.has(it.line)) return [];
      }
      for (let i = 0; i < first; i++) {
        const it = items[i] as Item;
        drop.add(i);
        if (isPara(it))
          notes.push({
            line: it.line,
            text: runsText(it.runs),
            reason: noteReason(runsText(it.runs), false) ?? 'before_marker',
          });
      }
      return notes;
    }
  }
  return run(items, options, drop, 1);
}

function trailing(items: Item[], options: NoteOptions, drop: Set<number>): Note[] {
  return run(items, options, drop, -1).reverse();
}

/** One run of notes from the start (dir 1) or the end (dir -1). */
function run(items: Item[], options: NoteOptions, drop: Set<number>, dir: 1 | -1): Note[] {
  const start = dir === 1 ? 0 : items.length - 1;
  const picked: { c: Candidate; reason: NoteReason }[] = [];
  const pending: Candidate[] = [];
  let labelled = false;
  let i = start;
  for (; i >= 0 && i < items.length; i += dir) {
    const it = items[i] as Item;
    if (drop.has(i)) break;
    // A directive or marker line: the story starts (or ends) here.
    if (isMark(it)) break;
    if (it.kind === 'break') {
      // A break sets apart what came before it: italic and continuing paragraphs join the notes.
      for (const c of pending) picked.push({ c, reason: c.italic ? 'italic' : 'label' });
      const hadNotes = picked.length > 0;
      pending.length = 0;
      if (hadNotes) drop.add(i);
      break;
    }
    const c = candidate(it, i, options);
    if (!c) break;
    const line = it.line;
    if (options.storyText.has(line)) break;
    if (c.reason && c.reason !== 'italic') {
      for (const p of pending) picked.push({ c: p, reason: p.italic ? 'italic' : 'label' });
      pending.length = 0;
      picked.push({ c, reason: c.reason });
      labelled = true;
      continue;
    }
    // An italic or unmarked paragraph: a note only if a break closes the run soon after.
    if (pending.length >= 3 || (!c.italic && !labelled)) break;
    pending.push(c);
  }
  for (const { c } of picked) drop.add(c.index);
  return picked.map(({ c, reason }) => toNote(items, c, reason));
}
