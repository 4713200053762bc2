// Preview, then Save, of a chapter upload (new chapter, or a chapter's next revision from a
// file): the preview parses the file once and keeps the bytes and the parse in a StagedUpload
// row; Save names the row by its opaque id and stores that parse, so the file never travels
// back through the page and is not parsed again. Only its user may save it, once, within
// STAGED_UPLOAD_MAX_AGE_SECONDS; the housekeeping job prunes what is left.
import { Buffer } from 'node:buffer';
import { newId, type Database, type Prisma } from '@margins/db';
import type { InputFormat, Problem } from '@margins/segments';
import { ServiceError } from '../../errors';
import { MAX_UPLOAD_BYTES } from '../../limits';
import { EDITORS, requireChapterRole, requireStoryRole, type Db } from '../access';
import type { ChapterParser } from '../parse/pool';
import type { ChapterNoteFields } from './chapter-notes';
import { insertChapter, type SavedChapter } from './create-chapter';
import { writeRevision } from './edit-chapter';
import { toPreview, type ChapterPreview } from './preview-chapter';
import { revisionImpact, type RevisionImpact } from './revision-impact';
import { loadRevisionPassages } from './revision-segments';
import { loadStoryCharacters } from './store-revision';
import { failedParse, parseDecoded, tooLarge, type ParsedUpload, type Upload } from './upload';

/** A preview older than this cannot be saved (choose the file again); pruning removes it. */
export const STAGED_UPLOAD_MAX_AGE_SECONDS = 3600;
/** Staged uploads kept per user; a new preview past this forgets the oldest. */
export const MAX_STAGED_UPLOADS_PER_USER = 8;

/** How to read the file: everything of an upload but its bytes. */
export type UploadSettings = Pick<Upload, 'convention' | 'styleMapping' | 'storyText'>;

/** An uploaded file as the services see it: bytes, never base64. */
export interface UploadedFile {
  bytes: Uint8Array;
  format: InputFormat;
  fileName: string;
}

type StoredParse = ({ ok: true } & ParsedUpload) | { ok: false; problems: Problem[] };

export interface StagedPreview {
  stagedId: string;
  fileName: string;
  format: InputFormat;
  preview: ChapterPreview;
  /** For a revision: the diff and what happens to feedback (null for a new chapter or a failed parse). */
  impact: RevisionImpact | null;
}

/** The settings in one canonical shape, so the preview's and the save's can be compared. */
function canonical(settings: UploadSettings): string {
  const m = settings.styleMapping;
  return JSON.stringify({
    convention: settings.convention ?? null,
    styleMapping: m ? [m.bold ?? '', m.italic ?? '', m.plain ?? ''] : null,
    storyText: [...new Set(settings.storyText ?? [])].sort((a, b) => a - b),
  });
}

const cutoff = (now: Date) => new Date(now.getTime() - STAGED_UPLOAD_MAX_AGE_SECONDS * 1000);

function expired(): ServiceError {
  return new ServiceError(
    'not_found',
    'This upload is no longer waiting to be saved (it was saved already, or the preview is over an hour old). Choose the file again.',
  );
}

function textOf(bytes: Uint8Array, format: InputFormat): string | Uint8Array {
  // .docx stays bytes; text files are UTF-8 (the parser reports bad characters by line).
  return format === 'docx' ? bytes : new TextDecoder().decode(bytes);
}

async function access(db: Database, userId: string, storyId: string, chapterId: string | null, now: Date) {
  if (!chapterId) {
    await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
    return { currentRevisionId: null };
  }
  const chapter = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  if (chapter.story.id !== storyId) throw new ServiceError('not_found', 'Chapter not found.');
  return { currentRevisionId: chapter.chapter.currentRevisionId };
}

async function parseStaged(
  db: Database,
  options: {
    storyId: string;
    currentRevisionId: string | null;
    bytes: Uint8Array;
    format: InputFormat;
    settings: UploadSettings;
    parser?: ChapterParser | undefined;
  },
) {
  const characters = await loadStoryCharacters(db.prisma, options.storyId);
  const previous = options.currentRevisionId
    ? await loadRevisionPassages(db.prisma, options.currentRevisionId)
    : undefined;
  const parsed: StoredParse = await parseDecoded({
    input: textOf(options.bytes, options.format),
    upload: { format: options.format, ...options.settings },
    characters,
    previous,
    parser: options.parser,
  });
  return { parsed, characters };
}

/**
 * Parses a new file (or the file of an earlier preview, with other settings) for a new chapter
 * or, with `chapterId`, as the chapter's next revision, and stages it for saving.
 */
export async function stageUpload(options: {
  db: Database;
  userId: string;
  storyId: string;
  chapterId?: string | undefined;
  /** A new file; else `stagedId` names the file of an earlier preview. */
  file?: UploadedFile | undefined;
  stagedId?: string | undefined;
  settings: UploadSettings;
  now: Date;
  parser?: ChapterParser | undefined;
}): Promise<StagedPreview> {
  const { db, userId, storyId, settings, now, parser } = options;
  const chapterId = options.chapterId ?? null;
  const { currentRevisionId } = await access(db, userId, storyId, chapterId, now);
  let file = options.file;
  if (file) {
    if (file.bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(file.bytes.byteLength);
  } else if (options.stagedId) {
    const row = await db.prisma.stagedUpload.findFirst({
      where: { id: options.stagedId, userId, storyId, chapterId, createdAt: { gte: cutoff(now) } },
      select: { source: true, format: true, fileName: true },
    });
    if (!row) throw expired();
    file = { bytes: row.source, format: row.format, fileName: row.fileName };
  } else {
    throw new ServiceError('invalid', 'Choose a file or paste the chapter first.', {
      fieldErrors: { source: ['Choose a .docx, .md or .txt file, or paste the text.'] },
    });
  }
  const { parsed, characters } = await parseStaged(db, {
    storyId,
    currentRevisionId,
    bytes: file.bytes,
    format: file.format,
    settings,
    parser,
  });

  const stagedId = newId();
  await db.prisma.$transaction(async (tx) => {
    // A new preview replaces the one it was made from.
    if (options.stagedId) await tx.stagedUpload.deleteMany({ where: { id: options.stagedId, userId } });
    await tx.stagedUpload.create({
      data: {
        id: stagedId,
        userId,
        storyId,
        chapterId,
        baseRevisionId: currentRevisionId,
        format: file.format,
        fileName: file.fileName.slice(0, 255),
        source: new Uint8Array(file.bytes),
        settings: settings as Prisma.InputJsonValue,
        parsed: parsed as unknown as Prisma.InputJsonValue,
        createdAt: now,
      },
    });
    await capStaged(tx, userId);
  });
  return {
    stagedId,
    fileName: file.fileName,
    format: file.format,
    preview: parsed.ok ? toPreview(parsed, characters) : { ok: false, problems: parsed.problems },
    impact:
      parsed.ok && chapterId
        ? await revisionImpact({ db: db.prisma, chapterId, currentRevisionId, chapter: parsed.chapter })
        : null,
  };
}

/** Bounded per user: past the cap the oldest previews are forgotten. */
async function capStaged(tx: Db, userId: string): Promise<void> {
  const extra = await tx.stagedUpload.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: MAX_STAGED_UPLOADS_PER_USER,
    select: { id: true },
  });
  if (extra.length) await tx.stagedUpload.deleteMany({ where: { id: { in: extra.map((r) => r.id) } } });
}

/**
 * Saves a staged upload as what it was staged for (a new chapter, or the chapter's next
 * revision) and uses it up in the same transaction. The preview's parse is stored as it is; only
 * settings changed since the preview parse the staged bytes again.
 */
export async function saveStagedUpload(options: {
  db: Database;
  userId: string;
  storyId: string;
  stagedId: string;
  settings: UploadSettings;
  /** A new chapter's title (required then); a revision keeps the chapter's title when absent. */
  title?: string | undefined;
  notes?: Partial<ChapterNoteFields> | undefined;
  now: Date;
  parser?: ChapterParser | undefined;
}): Promise<SavedChapter> {
  const { db, userId, storyId, stagedId, settings, now } = options;
  const row = await db.prisma.stagedUpload.findFirst({
    where: { id: stagedId, userId, storyId, createdAt: { gte: cutoff(now) } },
  });
  if (!row) throw expired();
  const { currentRevisionId } = await access(db, userId, storyId, row.chapterId, now);
  // The preview's keys and feedback impact were computed against the revision current then.
  if (row.chapterId && row.baseRevisionId !== currentRevisionId) throw staleFile();

  let parsed = row.parsed as unknown as StoredParse | null;
  let characters = await loadStoryCharacters(db.prisma, storyId);
  // (Compared in one canonical shape: jsonb does not keep key order.)
  if (!parsed || canonical(settings) !== canonical(row.settings as UploadSettings)) {
    ({ parsed, characters } = await parseStaged(db, {
      storyId,
      currentRevisionId,
      bytes: row.source,
      format: row.format,
      settings,
      parser: options.parser,
    }));
  }
  if (!parsed.ok) throw failedParse(parsed.problems);
  const useUp = async (tx: Db) => {
    const used = await tx.stagedUpload.deleteMany({
      where: { id: stagedId, userId, createdAt: { gte: cutoff(now) } },
    });
    if (used.count !== 1) throw expired();
  };
  // The revision keeps its source as the API received it (text, or base64 for .docx).
  const upload = {
    source:
      row.format === 'docx'
        ? Buffer.from(row.source).toString('base64')
        : new TextDecoder().decode(row.source),
    format: row.format,
    ...(settings.styleMapping ? { styleMapping: settings.styleMapping } : {}),
  };
  const ok = parsed;
  if (row.chapterId) {
    return writeRevision({
      db,
      userId,
      chapterId: row.chapterId,
      currentRevisionId,
      upload,
      parsed: ok,
      characters,
      title: options.title,
      notes: options.notes,
      now,
      before: useUp,
    });
  }
  const title = options.title?.trim() ?? '';
  if (!title)
    throw new ServiceError('invalid', 'Give the chapter a title.', {
      fieldErrors: { title: ['Give the chapter a title.'] },
    });
  return db.prisma.$transaction(
    async (tx) => {
      await useUp(tx);
      return insertChapter(tx, {
        userId,
        storyId,
        title,
        upload,
        parsed: ok,
        characters,
        notes: options.notes,
      });
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

function staleFile(): ServiceError {
  return new ServiceError(
    'conflict',
    'This chapter was saved by someone else after your preview, so yours was not saved. Preview again to see what your file changes now.',
  );
}

/** Housekeeping: staged uploads past their hour can never be saved; their bytes go. */
export async function pruneStagedUploads(db: Database, now: Date): Promise<number> {
  const { count } = await db.prisma.stagedUpload.deleteMany({ where: { createdAt: { lt: cutoff(now) } } });
  return count;
}
