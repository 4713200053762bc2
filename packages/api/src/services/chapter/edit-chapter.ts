import type { Database } from '@margins/db';
import { toMarkup } from '@margins/segments';
import { ServiceError } from '../../errors';
import { EDITORS, requireChapterRole, type Db } from '../access';
import type { SavedChapter } from './create-chapter';
import { loadRevisionPassages } from './revision-segments';
import { loadStoryCharacters, storeRevision, type OnStage } from './store-revision';
import { conflictMarkerProblems } from './three-way-merge';
import type { ChapterParser } from '../parse/pool';
import { parseUploadOrThrow, type ParsedUpload, type StoryCharacter, type Upload } from './upload';
import { notesToSave, type ChapterNoteFields } from './chapter-notes';

export interface EditChapterOptions {
  db: Database;
  userId: string;
  chapterId: string;
  upload: Upload;
  title?: string;
  /** Summary and notes as the author set them; else what the upload proposed. Absent sides stay. */
  notes?: Partial<ChapterNoteFields>;
  /** The revision the author started from; a save on top of someone else's is a conflict. */
  baseRevisionId?: string;
  now: Date;
  onStage?: OnStage;
  /** The parse pool (services/parse); the default pool when absent. */
  parser?: ChapterParser;
}

/**
 * Saves a new revision. The new source is parsed against the current revision's passages, so
 * unchanged and lightly edited passages keep their keys (and their comments stay anchored).
 * Readers keep seeing the published revision until the chapter is published again.
 */
export async function editChapter(options: EditChapterOptions): Promise<SavedChapter> {
  const { db, userId, chapterId, upload, title, baseRevisionId, now, onStage, parser } = options;
  const access = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  const currentRevisionId = access.chapter.currentRevisionId;
  if (baseRevisionId !== undefined && baseRevisionId !== currentRevisionId) throw staleEdit();
  // A merge proposal (chapter.merge) marks conflicts; saving them unresolved would publish the markers.
  if (upload.format !== 'docx') {
    const markers = conflictMarkerProblems(upload.source);
    if (markers.length)
      throw new ServiceError(
        'invalid',
        `Resolve the merge conflicts first: there are conflict markers on line ${markers.map((p) => p.line).join(', ')}.`,
        { problems: markers },
      );
  }
  const previous = currentRevisionId ? await loadRevisionPassages(db.prisma, currentRevisionId) : [];
  const characters = await loadStoryCharacters(db.prisma, access.story.id);
  const { chapter, problems, frontMatter } = await parseUploadOrThrow({
    upload,
    characters,
    previous,
    parser,
  });
  return writeRevision({
    db,
    userId,
    chapterId,
    currentRevisionId,
    upload,
    parsed: { chapter, problems, frontMatter },
    characters,
    title,
    notes: options.notes,
    now,
    onStage,
  });
}

/**
 * Stores an upload parsed against `currentRevisionId` as the chapter's next revision, in one
 * transaction; a revision saved meanwhile is a conflict. `before` runs first in that transaction
 * (a staged upload is consumed there, so a failed save leaves it to try again).
 */
export async function writeRevision(options: {
  db: Database;
  userId: string;
  chapterId: string;
  currentRevisionId: string | null;
  upload: Pick<Upload, 'source' | 'format' | 'styleMapping'>;
  parsed: ParsedUpload;
  characters: StoryCharacter[];
  title?: string | undefined;
  notes?: Partial<ChapterNoteFields> | undefined;
  now: Date;
  onStage?: OnStage | undefined;
  before?: (tx: Db) => Promise<void>;
}): Promise<SavedChapter> {
  const { db, userId, chapterId, currentRevisionId, upload, parsed, characters, title, now } = options;
  const { chapter, problems, frontMatter } = parsed;
  const notes = notesToSave(chapter.notes, frontMatter, options.notes);
  const markup = toMarkup(chapter);
  const saved = await db.prisma.$transaction(
    async (tx) => {
      await options.before?.(tx);
      // Keys were assigned against `previous`; if another save landed meanwhile they would be wrong.
      // Always a real UPDATE (Prisma skips one with empty data): its row lock makes a concurrent
      // save wait here and then see the revision that landed, instead of both passing the check.
      const locked = await tx.chapter.update({
        where: { id: chapterId },
        data: { updatedAt: now, ...(title === undefined ? {} : { title }), ...notes },
        select: { currentRevisionId: true },
      });
      if (locked.currentRevisionId !== currentRevisionId) throw staleEdit();
      return storeRevision({
        tx,
        chapterId,
        authorId: userId,
        upload,
        chapter,
        markup,
        characters,
        onStage: options.onStage,
      });
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return {
    chapterId,
    revisionId: saved.revisionId,
    revisionNumber: saved.number,
    convention: chapter.convention,
    wordCount: chapter.wordCount,
    problems,
  };
}

function staleEdit(): ServiceError {
  return new ServiceError(
    'conflict',
    'This chapter was saved by someone else while you were editing, so yours was not saved. Compare the two and merge them (chapter.merge), then save again.',
  );
}
