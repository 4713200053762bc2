export type {
  Anchor,
  PassageText,
  Placement,
  PlacementMethod,
  PositionSelector,
  QuoteSelector,
  ReanchorOptions,
} from './types';
export { AnchorError, type AnchorErrorCode } from './errors';
export { chapterText, CONTEXT_LENGTH, SEPARATOR } from './text';
export { describeRange } from './describe';
export { reanchor, locate, DEFAULT_THRESHOLD, PASSAGE_SIMILARITY } from './reanchor';
export { WEIGHTS } from './score';
