// Segments and passages of a stored revision, in reading order, as every view shows them.
import type { Passage } from '@margins/segments';
import type { Db } from '../access';

export interface PassageView {
  key: string;
  kind: 'text' | 'break';
  /** Sanitised by @margins/segments when the revision was parsed. */
  html: string;
  text: string;
  wordCount: number;
  line: number;
}

export interface SegmentView {
  position: number;
  pov: { name: string; color: string } | null;
  wordCount: number;
  passages: PassageView[];
}

export async function loadRevisionSegments(db: Db, revisionId: string): Promise<SegmentView[]> {
  const segments = await db.segment.findMany({
    where: { revisionId },
    orderBy: { position: 'asc' },
    select: {
      position: true,
      wordCount: true,
      character: { select: { name: true, color: true } },
      passages: {
        orderBy: { position: 'asc' },
        select: { key: true, kind: true, html: true, text: true, wordCount: true, line: true },
      },
    },
  });
  return segments.map((s) => ({
    position: s.position,
    pov: s.character,
    wordCount: s.wordCount,
    passages: s.passages,
  }));
}

/** The passages of a revision in the shape the parser takes as `previous`, so keys carry over. */
export async function loadRevisionPassages(db: Db, revisionId: string): Promise<Passage[]> {
  return db.passage.findMany({
    where: { revisionId },
    orderBy: { position: 'asc' },
    select: { key: true, kind: true, html: true, text: true, hash: true, wordCount: true, line: true },
  });
}
