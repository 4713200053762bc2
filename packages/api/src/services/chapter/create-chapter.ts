import { type Database, newId } from '@margins/db';
import { toMarkup, type Convention, type Problem } from '@margins/segments';
import { EDITORS, requireStoryRole } from '../access';
import { loadStoryCharacters, storeRevision, type OnStage } from './store-revision';
import type { ChapterParser } from '../parse/pool';
import { parseUploadOrThrow, type Upload } from './upload';
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
  const { chapter, problems, frontMatter } = await parseUploadOrThrow({ upload, characters, parser });
  const notes = notesToSave(chapter.notes, frontMatter, options.notes);
  const markup = toMarkup(chapter);
  const chapterId = newId();
  const saved = await db.prisma.$transaction(
    async (tx) => {
      const last = await tx.chapter.aggregate({ where: { storyId }, _max: { position: true } });
      await tx.chapter.create({ data: { id: chapterId, storyId, title, position: (last._max.position ?? 0) + 1, ...notes } });
      return storeRevision({ tx, chapterId, authorId: userId, upload, chapter, markup, characters, onStage });
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return { chapterId, revisionId: saved.revisionId, revisionNumber: saved.number, convention: chapter.convention, wordCount: chapter.wordCount, problems };
}
