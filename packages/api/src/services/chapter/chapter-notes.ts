// A chapter's summary and author's notes (as Archive of Our Own has them): plain text kept on
// the chapter, shown above and below the text, never passages, never counted in POV words.
import type { Database } from '@margins/db';
import type { ChapterFrontMatter, ChapterNotes } from '@margins/segments';
import { type Db, EDITORS, requireChapterRole } from '../access';

export const MAX_SUMMARY_CHARS = 1250;
export const MAX_NOTES_CHARS = 5000;

export interface ChapterNoteFields {
  summary: string;
  notesBefore: string;
  notesAfter: string;
}

export const EMPTY_NOTES: ChapterNoteFields = { summary: '', notesBefore: '', notesAfter: '' };

/** Line endings normalised, runs of blank lines folded to one, ends trimmed. */
export function tidyNote(text: string, max: number): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, max);
}

/** What an upload proposes for the notes fields: only the sides where it found a note. */
export function notesFromUpload(notes: ChapterNotes): Partial<ChapterNoteFields> {
  const join = (list: { text: string }[]) => tidyNote(list.map((n) => n.text).join('\n\n'), MAX_NOTES_CHARS);
  return {
    ...(notes.before.length ? { notesBefore: join(notes.before) } : {}),
    ...(notes.after.length ? { notesAfter: join(notes.after) } : {}),
  };
}

/** What a save writes: the upload's notes, then its front matter, then what the author typed. */
export function notesToSave(
  found: ChapterNotes,
  front: ChapterFrontMatter | null,
  given: Partial<ChapterNoteFields> | undefined,
): Partial<ChapterNoteFields> {
  const fromFront: Partial<ChapterNoteFields> = {};
  if (front?.summary !== undefined) fromFront.summary = front.summary;
  if (front?.notesBefore !== undefined) fromFront.notesBefore = front.notesBefore;
  if (front?.notesAfter !== undefined) fromFront.notesAfter = front.notesAfter;
  return tidyNotes({ ...notesFromUpload(found), ...fromFront, ...given });
}

export function tidyNotes(fields: Partial<ChapterNoteFields>): Partial<ChapterNoteFields> {
  const out: Partial<ChapterNoteFields> = {};
  if (fields.summary !== undefined) out.summary = tidyNote(fields.summary, MAX_SUMMARY_CHARS);
  if (fields.notesBefore !== undefined) out.notesBefore = tidyNote(fields.notesBefore, MAX_NOTES_CHARS);
  if (fields.notesAfter !== undefined) out.notesAfter = tidyNote(fields.notesAfter, MAX_NOTES_CHARS);
  return out;
}

export async function loadChapterNotes(db: Db, chapterId: string): Promise<ChapterNoteFields> {
  const row = await db.chapter.findUnique({
    where: { id: chapterId },
    select: { summary: true, notesBefore: true, notesAfter: true },
  });
  return row ?? EMPTY_NOTES;
}

/** Edits the notes alone (no new revision): like the title, they change for readers at once. */
export async function setChapterNotes(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
  notes: Partial<ChapterNoteFields>;
}): Promise<ChapterNoteFields> {
  const { db, userId, chapterId, now } = options;
  await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  return db.prisma.chapter.update({
    where: { id: chapterId },
    data: tidyNotes(options.notes),
    select: { summary: true, notesBefore: true, notesAfter: true },
  });
}
