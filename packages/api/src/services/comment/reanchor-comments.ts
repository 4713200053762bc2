// Re-anchoring on edit: runs inside the transaction that stores a new revision, so a revision
// never exists without a placement for every comment of its chapter.
import { describeRange, reanchor, type Anchor, type PassageText } from '@margins/anchoring';
import type { Prisma } from '@margins/db';
import type { Db } from '../access';
import { loadAnchorPassages, storedAnchorSelect, toAnchor } from './anchors';

export interface ReanchorCommentsOptions {
  tx: Db;
  chapterId: string;
  /** The revision that was current before this save (null for a new chapter). */
  previousRevisionId: string | null;
  nextRevisionId: string;
  /** The new revision's text passages, in order. */
  nextPassages: PassageText[];
}

/**
 * Places every thread root on the new revision, chaining from where it sat on the previous
 * current revision:
 *   written on the previous revision      → its stored anchor, from the previous passages;
 *   placed (not orphaned) on the previous → an anchor rebuilt from that placement;
 *   otherwise (orphaned there, or written on an older published revision without a row)
 *     → its original anchor from its written revision, so text restored later can bring an
 *       outdated comment back (the threshold still keeps it off the wrong words).
 * Replies get their root's placement. Comments are never deleted here.
 */
export async function reanchorChapterComments(options: ReanchorCommentsOptions): Promise<number> {
  const { tx, chapterId, previousRevisionId, nextRevisionId, nextPassages } = options;
  const comments = await tx.inlineComment.findMany({
    where: { chapterId },
    select: {
      id: true,
      parentId: true,
      revisionId: true,
      ...storedAnchorSelect,
      placements: {
        where: { revisionId: previousRevisionId ?? '' },
        select: { passageKey: true, startOffset: true, endOffset: true },
      },
    },
  });
  if (comments.length === 0) return 0;

  const passagesOf = new Map<string, Promise<PassageText[]>>();
  const load = (revisionId: string) => {
    let p = passagesOf.get(revisionId);
    if (!p) passagesOf.set(revisionId, (p = loadAnchorPassages(tx, revisionId)));
    return p;
  };

  const groups = new Map<string, { rootIds: string[]; anchors: Anchor[] }>();
  const add = (revisionId: string, rootId: string, anchor: Anchor) => {
    const g = groups.get(revisionId) ?? { rootIds: [], anchors: [] };
    g.rootIds.push(rootId);
    g.anchors.push(anchor);
    groups.set(revisionId, g);
  };
  for (const c of comments) {
    if (c.parentId !== null) continue;
    const onPrevious = c.placements[0];
    if (previousRevisionId !== null && c.revisionId === previousRevisionId) {
      add(previousRevisionId, c.id, toAnchor(c));
    } else if (previousRevisionId !== null && onPrevious?.passageKey) {
      const whole = c.quote === null;
      try {
        const previous = await load(previousRevisionId);
        add(
          previousRevisionId,
          c.id,
          describeRange(
            previous,
            onPrevious.passageKey,
            whole ? undefined : (onPrevious.startOffset ?? undefined),
            whole ? undefined : (onPrevious.endOffset ?? undefined),
          ),
        );
      } catch {
        add(c.revisionId, c.id, toAnchor(c));
      }
    } else {
      add(c.revisionId, c.id, toAnchor(c));
    }
  }

  const byRoot = new Map<string, Omit<Prisma.CommentPlacementCreateManyInput, 'commentId'>>();
  for (const [sourceRevisionId, group] of groups) {
    const placements = reanchor(group.anchors, await load(sourceRevisionId), nextPassages);
    placements.forEach((p, i) => {
      byRoot.set(group.rootIds[i]!, {
        revisionId: nextRevisionId,
        passageKey: p.passageKey,
        startOffset: p.start,
        endOffset: p.end,
        method: p.method,
        score: p.score,
      });
    });
  }
  const rows: Prisma.CommentPlacementCreateManyInput[] = [];
  for (const c of comments) {
    const p = byRoot.get(c.parentId ?? c.id);
    if (p) rows.push({ ...p, commentId: c.id });
  }
  await tx.commentPlacement.createMany({ data: rows, skipDuplicates: true });
  return rows.length;
}
