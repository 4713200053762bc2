export type { ChapterNotes, Note, NoteReason } from './notes';
export type { Declaration } from './declared';
export { describeMapping } from './declared';
export type {
  ChosenConvention,
  Character,
  Convention,
  InputFormat,
  ParsedChapter,
  ParseOptions,
  ParseResult,
  Passage,
  Problem,
  Segment,
  StyleMapping,
} from './types';
export { parseChapter, DEFAULT_MAX_BYTES } from './parse';
export { toMarkup } from './markup';
export { assignKeys } from './keys';
export { similarityOf } from './similar';
export { renderPassageHtml, sanitizeInline } from './sanitize';
export { conventionSchema, parsedChapterSchema, passageSchema, problemSchema, segmentSchema } from './schema';
export { countWords } from './text';

import type { ParsedChapter, Passage } from './types';

/** All passages of a chapter, flattened, in reading order. */
export function passagesOf(chapter: ParsedChapter): Passage[] {
  return chapter.segments.flatMap((s) => s.passages);
}
export { readChapterFrontMatter, writeChapterFrontMatter, type ChapterFrontMatter } from './front-matter';
export { inferPov, proposeCharacters, splitPlainText } from './infer/index';
export type {
  InferInput,
  InferOptions,
  InferredBoundary,
  InferredPassage,
  PovInference,
} from './infer/index';
