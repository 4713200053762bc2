// Public shapes shared by server, browser, anchoring and analytics. The zod schemas in
// schema.ts mirror these; keep both in step (schema.test.ts checks they agree).
import type { Declaration } from './declared';
import type { ChapterNotes } from './notes';
import type { Work } from './work';

/** What an author can choose on upload. */
export type ChosenConvention = 'directives' | 'markers' | 'style';
/** What a parse used: 'none' when no POV markup was found (every passage unattributed). */
export type Convention = ChosenConvention | 'none';
/** 'markdown' also covers plain .txt uploads. */
export type InputFormat = 'markdown' | 'html' | 'docx';

/** Values are character names (or aliases) of the story's POV characters. */
export interface StyleMapping {
  bold?: string;
  italic?: string;
  plain?: string;
}

export interface Character {
  name: string;
  aliases?: string[];
}

export interface ParseOptions {
  format: InputFormat;
  /** When absent the convention is auto-detected and reported in `detected`. */
  convention?: ChosenConvention;
  characters: Character[];
  /** Required for convention 'style'. */
  styleMapping?: StyleMapping;
  /** Passages of the previous revision, so unchanged or lightly edited passages keep their keys. */
  previous?: Passage[];
  /** Default 2 MiB. */
  maxBytes?: number;
  /** Propose leading/trailing author's notes as notes (default true). */
  detectNotes?: boolean;
  /** Lines (paragraph numbers for HTML/.docx) the author says are story text, not notes. */
  storyText?: number[];
  /**
   * Default true: refuse uploads whose structure is implausible for prose (shape.ts) before the
   * expensive work. False only for the test that checks the paths behind those limits stay linear.
   */
  proseShape?: boolean;
  /** Receives the parser's step count (see work.ts): for tests that check the work stays linear. */
  work?: Work;
}

export interface Problem {
  code: string;
  message: string;
  /** 1-based source line; for .docx uploads, the 1-based paragraph number. */
  line: number;
  column?: number;
  fix: string;
  severity: 'error' | 'warning';
}

export interface Passage {
  key: string;
  kind: 'text' | 'break';
  /** Sanitised inline HTML, e.g. "He <em>ran</em>." ('' for breaks). */
  html: string;
  /** Plain text ('' for breaks); hard line breaks are '\n'. */
  text: string;
  hash: string;
  wordCount: number;
  line: number;
}

export interface Segment {
  /** Character name, or null when unattributed. */
  pov: string | null;
  passages: Passage[];
  wordCount: number;
}

export interface ParsedChapter {
  segments: Segment[];
  wordCount: number;
  /** Words per POV character name; unattributed words are in `unattributedWordCount`. */
  wordsByPov: Record<string, number>;
  unattributedWordCount: number;
  convention: Convention;
  /** The style mapping really used (given, or read from the author's declaration). */
  styleMapping?: StyleMapping;
  /** Leading and trailing author's notes, kept out of the passages. */
  notes: ChapterNotes;
  /** The convention the author announced in a note or the first lines, if any. */
  declared: Declaration | null;
}

export type ParseResult =
  | { ok: true; chapter: ParsedChapter; detected: Convention; problems: Problem[] }
  | { ok: false; problems: Problem[]; detected?: Convention };
