/** One paragraph-level passage of a chapter revision, as the upload parser produced it. */
export interface PassageText {
  /** Stable id the parser tries to keep across revisions (same key for unchanged or lightly edited text). */
  key: string;
  /** Plain text of the passage; scene breaks are excluded by the caller or have empty text. */
  text: string;
  /** Content hash from the parser; equal hashes mean an unchanged passage. */
  hash: string;
}

/** W3C Web Annotation TextQuoteSelector; prefix/suffix are up to CONTEXT_LENGTH chars of the chapter text. */
export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector: offsets in the chapter text (see chapterText). */
export interface PositionSelector {
  start: number;
  end: number;
}

export interface Anchor {
  passageKey: string;
  /** null = the comment is on the whole passage. */
  quote: QuoteSelector | null;
  position: PositionSelector;
}

export type PlacementMethod = 'exact' | 'moved' | 'fuzzy' | 'orphaned';

export interface Placement {
  passageKey: string | null;
  /** Offsets relative to the passage text (null when orphaned). */
  start: number | null;
  end: number | null;
  method: PlacementMethod;
  /** 0..1; for an orphaned anchor, the best score any rejected candidate reached (0 if none). */
  score: number;
}

export interface ReanchorOptions {
  /** Minimum normalised score for a moved/fuzzy placement; defaults to DEFAULT_THRESHOLD. */
  threshold?: number;
}
