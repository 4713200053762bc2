// Where each thread sits on one revision. A thread's root carries the anchor; replies follow it.
//   written on this revision → exact, at its stored offsets;
//   a CommentPlacement row for this revision (written by re-anchoring on edit) → that row;
//   otherwise (e.g. a comment written on a newer draft, shown on the older published text)
//   → `locate`, computed on the fly and not stored.
import { locate, SEPARATOR, type PassageText, type PlacementMethod } from '@margins/anchoring';
import { toAnchor, type StoredAnchor } from './anchors';

export interface ThreadPlacement {
  passageKey: string | null;
  /** Relative to the passage text; null when outdated. */
  start: number | null;
  end: number | null;
  method: PlacementMethod;
  score: number;
  /** Orphaned: the quote could not be re-found. Shown as outdated, never dropped. */
  outdated: boolean;
}

export interface PlaceableRoot extends StoredAnchor {
  id: string;
  revisionId: string;
  /** This comment's placements filtered to the revision being placed on (0 or 1 rows). */
  placements: {
    passageKey: string | null;
    startOffset: number | null;
    endOffset: number | null;
    method: PlacementMethod;
    score: number;
  }[];
}

export function placementsSelect(revisionId: string) {
  return {
    where: { revisionId },
    select: { passageKey: true, startOffset: true, endOffset: true, method: true, score: true },
  } as const;
}

/** Where each passage starts in the chapter text (as `chapterText` computes it, without joining the text). */
function passageStarts(passages: PassageText[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (let i = 0; i < passages.length; i++) {
    if (i > 0) offset += SEPARATOR.length;
    starts.push(offset);
    offset += (passages[i] as PassageText).text.length;
  }
  return starts;
}

export function placeThreads(
  roots: PlaceableRoot[],
  revisionId: string,
  passages: PassageText[],
): Map<string, ThreadPlacement> {
  const out = new Map<string, ThreadPlacement>();
  if (roots.length === 0) return out;
  const starts = passageStarts(passages);
  const index = new Map(passages.map((p, i) => [p.key, i]));
  for (const root of roots) {
    const row = root.placements[0];
    let placed: Omit<ThreadPlacement, 'outdated'> | null = null;
    if (root.revisionId === revisionId) {
      const i = index.get(root.passageKey);
      if (i !== undefined) {
        const base = starts[i] as number;
        const text = (passages[i] as PassageText).text;
        placed =
          root.quote === null
            ? { passageKey: root.passageKey, start: 0, end: text.length, method: 'exact', score: 1 }
            : {
                passageKey: root.passageKey,
                start: (root.startOffset ?? base) - base,
                end: (root.endOffset ?? base) - base,
                method: 'exact',
                score: 1,
              };
      }
    } else if (row) {
      placed = {
        passageKey: row.passageKey,
        start: row.startOffset,
        end: row.endOffset,
        method: row.method,
        score: row.score,
      };
    }
    placed ??= locate(toAnchor(root), passages);
    out.set(root.id, { ...placed, outdated: placed.method === 'orphaned' || placed.passageKey === null });
  }
  return out;
}
