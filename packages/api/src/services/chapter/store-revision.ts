// Writes one parsed revision: the revision row, its segments and its passages, re-anchors the
// chapter's comments onto it, then points the chapter at it. Callers run it inside their $transaction, so a failure at any step leaves the
// chapter on its previous revision with no partial rows.
import type { PassageText } from '@margins/anchoring';
import { newId, type Prisma } from '@margins/db';
import type { ParsedChapter } from '@margins/segments';
import type { Db } from '../access';
import { reanchorChapterComments } from '../comment/reanchor-comments';
import type { StoryCharacter, Upload } from './upload';

/** Instrumentation between write steps; tests throw from it to prove the writes are atomic. */
export type WriteStage = 'revision' | 'segments' | 'passages';
export type OnStage = (stage: WriteStage) => void | Promise<void>;

export interface StoreRevisionOptions {
  tx: Db;
  chapterId: string;
  authorId: string;
  upload: Pick<Upload, 'source' | 'format' | 'styleMapping'>;
  chapter: ParsedChapter;
  markup: string;
  characters: StoryCharacter[];
  onStage?: OnStage | undefined;
}

export async function storeRevision(
  options: StoreRevisionOptions,
): Promise<{ revisionId: string; number: number }> {
  const { tx, chapterId, authorId, upload, chapter, markup, characters, onStage } = options;
  const last = await tx.chapterRevision.aggregate({ where: { chapterId }, _max: { number: true } });
  const number = (last._max.number ?? 0) + 1;
  const revisionId = newId();
  await tx.chapterRevision.create({
    data: {
      id: revisionId,
      chapterId,
      number,
      source: upload.source,
      markup,
      format: upload.format,
      convention: chapter.convention,
      // The mapping really used: the one given, or the one the author declared in a note.
      styleMapping: (chapter.styleMapping ?? upload.styleMapping ?? undefined) as
        Prisma.InputJsonValue | undefined,
      wordCount: chapter.wordCount,
      authorId,
    },
  });
  await onStage?.('revision');

  const characterIds = new Map(characters.map((c) => [c.name, c.id]));
  const segments: Prisma.SegmentCreateManyInput[] = [];
  const passages: Prisma.PassageCreateManyInput[] = [];
  let passagePosition = 0;
  for (const [position, segment] of chapter.segments.entries()) {
    const segmentId = newId();
    segments.push({
      id: segmentId,
      revisionId,
      position,
      characterId: segment.pov === null ? null : (characterIds.get(segment.pov) ?? null),
      wordCount: segment.wordCount,
    });
    for (const p of segment.passages) {
      passages.push({
        id: newId(),
        segmentId,
        revisionId,
        position: passagePosition++,
        key: p.key,
        kind: p.kind,
        html: p.html,
        text: p.text,
        hash: p.hash,
        wordCount: p.wordCount,
        line: p.line,
      });
    }
  }
  await tx.segment.createMany({ data: segments });
  await onStage?.('segments');
  await tx.passage.createMany({ data: passages });
  await onStage?.('passages');
  // Every comment gets a placement on the new revision in this same transaction: a revision is
  // never visible without its comments re-anchored (or marked outdated).
  const previous = await tx.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { currentRevisionId: true },
  });
  const nextPassages = textPassages(chapter);
  await reanchorChapterComments({
    tx,
    chapterId,
    previousRevisionId: previous.currentRevisionId,
    nextRevisionId: revisionId,
    nextPassages,
  });
  await tx.chapter.update({ where: { id: chapterId }, data: { currentRevisionId: revisionId } });
  return { revisionId, number };
}

/** The revision's text passages, in order, as re-anchoring reads them. */
export function textPassages(chapter: ParsedChapter): PassageText[] {
  return chapter.segments
    .flatMap((s) => s.passages)
    .filter((p) => p.kind === 'text')
    .map((p) => ({ key: p.key, text: p.text, hash: p.hash }));
}

export async function loadStoryCharacters(db: Db, storyId: string): Promise<StoryCharacter[]> {
  return db.povCharacter.findMany({
    where: { storyId },
    select: { id: true, name: true, color: true, aliases: true },
    orderBy: { position: 'asc' },
  });
}
