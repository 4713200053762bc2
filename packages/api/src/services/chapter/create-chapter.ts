import { type Database, newId } from '@margins/db';
import { toMarkup, type Convention, type Problem } from '@margins/segments';
import { EDITORS, requireStoryRole, type Db } from '../access';
import { loadStoryCharacters, storeRevision, type OnStage } from './store-revision';
import type { ChapterParser } from '../parse/pool';
import { parseUploadOrThrow, type ParsedUpload, type StoryCharacter, type Upload } from './upload';
import { notesToSave, type ChapterNoteFields } from './chapter-notes';

export interface SavedChapter {
  chapterId: string;
  revisionId: string;
  revisionNumber: number;
  convention: Convention;
  wordCount: number;
  /** Warnings the author may still want to look at. */
  problems: Problem[];
}

export interface CreateChapterOptions {
  db: Database;
  userId: string;
  storyId: string;
  title: string;
  upload: Upload;
  /** Summary and notes as the author set them; else what the upload proposed (notes, front matter). */
  notes?: Partial<ChapterNoteFields>;
  onStage?: OnStage;
  /** The parse pool (services/parse); the default pool when absent. */
  parser?: ChapterParser;
}

/** A new draft chapter at the end of the story, from an upload in any format and convention. */
export async function createChapter(options: CreateChapterOptions): Promise<SavedChapter> {
  const { db, userId, storyId, title, upload, onStage, parser } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  const characters = await loadStoryCharacters(db.prisma, storyId);
  // Parsing happens before the transaction: it can take a while and needs no rows locked.
  const parsed = await parseUploadOrThrow({ upload, characters, parser });
  return db.prisma.$transaction(
    (tx) =>
      insertChapter(tx, {
        userId,
        storyId,
        title,
        upload,
        parsed,
        characters,
        notes: options.notes,
        onStage,
      }),
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/**
 * The chapter row and its first revision, inside the caller's transaction, from an upload parsed
 * beforehand; the caller has checked access. `characters` are the story's, with their ids.
 */
export async function insertChapter(
  tx: Db,
  options: {
    userId: string;
    storyId: string;
    title: string;
    upload: Pick<Upload, 'source' | 'format' | 'styleMapping'>;
    parsed: ParsedUpload;
    characters: StoryCharacter[];
    notes?: Partial<ChapterNoteFields> | undefined;
    onStage?: OnStage | undefined;
  },
): Promise<SavedChapter> {
  const { userId, storyId, title, upload, parsed, characters, onStage } = options;
  const { chapter, problems, frontMatter } = parsed;
  const notes = notesToSave(chapter.notes, frontMatter, options.notes);
  const chapterId = newId();
  const last = await tx.chapter.aggregate({ where: { storyId }, _max: { position: true } });
  await tx.chapter.create({
    data: { id: chapterId, storyId, title, position: (last._max.position ?? 0) + 1, ...notes },
  });
  const saved = await storeRevision({
    tx,
    chapterId,
    authorId: userId,
    upload,
    chapter,
    markup: toMarkup(chapter),
    characters,
    onStage,
  });
  return {
    chapterId,
    revisionId: saved.revisionId,
    revisionNumber: saved.number,
    convention: chapter.convention,
    wordCount: chapter.wordCount,
    problems,
  };
}
