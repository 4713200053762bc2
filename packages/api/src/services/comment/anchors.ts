// The bridge between stored rows and @margins/anchoring: a revision's passages as anchoring
// sees them, and a comment's stored anchor.
import type { Anchor, PassageText } from '@margins/anchoring';
import type { Db } from '../access';

/** Text passages of a revision in reading order (scene breaks are never anchored to). */
export async function loadAnchorPassages(db: Db, revisionId: string): Promise<PassageText[]> {
  return db.passage.findMany({
    where: { revisionId, kind: 'text' },
    orderBy: { position: 'asc' },
    select: { key: true, text: true, hash: true },
  });
}

export interface StoredAnchor {
  passageKey: string;
  quote: string | null;
  prefix: string | null;
  suffix: string | null;
  startOffset: number | null;
  endOffset: number | null;
}

export const storedAnchorSelect = {
  passageKey: true,
  quote: true,
  prefix: true,
  suffix: true,
  startOffset: true,
  endOffset: true,
} as const;

/** The anchor a comment was written with (chapter-level offsets on its written revision). */
export function toAnchor(row: StoredAnchor): Anchor {
  return {
    passageKey: row.passageKey,
    quote:
      row.quote === null ? null : { exact: row.quote, prefix: row.prefix ?? '', suffix: row.suffix ?? '' },
    position: { start: row.startOffset ?? 0, end: row.endOffset ?? 0 },
  };
}

/** The columns an anchor is stored in. */
export function anchorColumns(anchor: Anchor): StoredAnchor {
  return {
    passageKey: anchor.passageKey,
    quote: anchor.quote?.exact ?? null,
    prefix: anchor.quote?.prefix ?? null,
    suffix: anchor.quote?.suffix ?? null,
    startOffset: anchor.position.start,
    endOffset: anchor.position.end,
  };
}
