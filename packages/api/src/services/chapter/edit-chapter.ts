import type { Database } from '@margins/db';
import { toMarkup } from '@margins/segments';
import { ServiceError } from '../../errors';
import { EDITORS, requireChapterRole } from '../access';
import type { SavedChapter } from './create-chapter';
import { loadRevisionPassages } from './revision-segments';
import { loadStoryCharacters, storeRevision, type OnStage } from './store-revision';
import { parseUploadOrThrow, type Upload } from './upload';

export interface EditChapterOptions {
  db: Database;
  userId: string;
  chapterId: string;
  upload: Upload;
  title?: string;
  /** The revision the author started from; a save on top of someone else's is a conflict. */
  baseRevisionId?: string;
  now: Date;
  onStage?: OnStage;
}

/**
 * Saves a new revision. The new source is parsed against the current revision's passages, so
 * unchanged and lightly edited passages keep their keys (and their comments stay anchored).
 * Readers keep seeing the published revision until the chapter is published again.
 */
export async function editChapter(options: EditChapterOptions): Promise<SavedChapter> {
  const { db, userId, chapterId, upload, title, baseRevisionId, now, onStage } = options;
  const access = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  const currentRevisionId = access.chapter.currentRevisionId;
  if (baseRevisionId !== undefined && baseRevisionId !== currentRevisionId) throw staleEdit();
  const previous = currentRevisionId ? await loadRevisionPassages(db.prisma, currentRevisionId) : [];
  const characters = await loadStoryCharacters(db.prisma, access.story.id);
  const { chapter, problems } = await parseUploadOrThrow({ upload, characters, previous });
  const markup = toMarkup(chapter);
  const saved = await db.prisma.$transaction(
    async (tx) => {
      // Keys were assigned against `previous`; if another save landed meanwhile they would be wrong.
      const locked = await tx.chapter.update({ where: { id: chapterId }, data: title === undefined ? {} : { title }, select: { currentRevisionId: true } });
      if (locked.currentRevisionId !== currentRevisionId) throw staleEdit();
      return storeRevision({ tx, chapterId, authorId: userId, upload, chapter, markup, characters, onStage });
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return { chapterId, revisionId: saved.revisionId, revisionNumber: saved.number, convention: chapter.convention, wordCount: chapter.wordCount, problems };
}

function staleEdit(): ServiceError {
  return new ServiceError('conflict', 'This chapter was saved by someone else while you were editing; reload it and apply your changes again.');
}
