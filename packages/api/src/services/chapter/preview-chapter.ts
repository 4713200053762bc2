import {
  toMarkup,
  type ChapterNotes,
  type Convention,
  type Declaration,
  type Problem,
  type StyleMapping,
} from '@margins/segments';
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { EDITORS, requireChapterRole, requireStoryRole } from '../access';
import type { SegmentView } from './revision-segments';
import { loadRevisionPassages } from './revision-segments';
import { loadStoryCharacters } from './store-revision';
import type { ChapterParser } from '../parse/pool';
import { parseUpload, type ParsedUpload, type StoryCharacter, type Upload } from './upload';

export type ChapterPreview =
  | {
      ok: true;
      convention: Convention;
      wordCount: number;
      wordsByPov: Record<string, number>;
      unattributedWordCount: number;
      segments: SegmentView[];
      /** The canonical markup the revision would store. */
      markup: string;
      /** The mapping really applied under 'style' (given, or read from the author's note). */
      styleMapping: StyleMapping | null;
      /** Leading/trailing author's notes kept out of the passages; each can be taken back by its line. */
      notes: ChapterNotes;
      /** The convention the author announced, with the sentence it came from. */
      declared: Declaration | null;
      /** Summary/notes from the file's front matter (a chapter pulled from Margins). */
      frontMatter: { summary?: string; notesBefore?: string; notesAfter?: string } | null;
      /** Warnings only; the upload can be saved as it is. */
      problems: Problem[];
    }
  | { ok: false; problems: Problem[] };

export interface PreviewChapterOptions {
  db: Database;
  userId: string;
  storyId: string;
  /** When previewing an edit: keys of the chapter's current revision carry over, as on save. */
  chapterId?: string;
  upload: Upload;
  now: Date;
  /** The parse pool (services/parse); the default pool when absent. */
  parser?: ChapterParser;
}

/** Parses an upload the way saving would, and writes nothing. Problems are data here, not errors. */
export async function previewChapter(options: PreviewChapterOptions): Promise<ChapterPreview> {
  const { db, userId, storyId, chapterId, upload, now, parser } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  let previous;
  if (chapterId) {
    const access = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
    if (access.story.id !== storyId) throw notFound('Chapter');
    if (access.chapter.currentRevisionId)
      previous = await loadRevisionPassages(db.prisma, access.chapter.currentRevisionId);
  }
  const characters = await loadStoryCharacters(db.prisma, storyId);
  const parsed = await parseUpload({ upload, characters, ...(previous ? { previous } : {}), parser });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return toPreview(parsed, characters);
}

/** What the preview shows of a parse (also of an upload staged for saving). */
export function toPreview(parsed: ParsedUpload, characters: StoryCharacter[]): ChapterPreview {
  const colors = new Map(characters.map((c) => [c.name, c.color]));
  return {
    ok: true,
    convention: parsed.chapter.convention,
    wordCount: parsed.chapter.wordCount,
    wordsByPov: parsed.chapter.wordsByPov,
    unattributedWordCount: parsed.chapter.unattributedWordCount,
    segments: parsed.chapter.segments.map((s, position) => ({
      position,
      pov: s.pov === null ? null : { name: s.pov, color: colors.get(s.pov) ?? '#6e7781' },
      wordCount: s.wordCount,
      passages: s.passages.map((p) => ({
        key: p.key,
        kind: p.kind,
        html: p.html,
        text: p.text,
        wordCount: p.wordCount,
        line: p.line,
      })),
    })),
    markup: toMarkup(parsed.chapter),
    styleMapping: parsed.chapter.styleMapping ?? null,
    notes: parsed.chapter.notes,
    declared: parsed.chapter.declared,
    frontMatter: parsed.frontMatter,
    problems: parsed.problems,
  };
}
