// Re-anchoring on edit: runs inside the transaction that stores a new revision, so a revision
// never exists without a placement for every comment of its chapter.
import { describeRange, reanchor, type Anchor, type PassageText, type Placement } from '@margins/anchoring';
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
  const { nextRevisionId } = options;
  const plan = await planChapterReanchor(options);
  const rows: Prisma.CommentPlacementCreateManyInput[] = plan.map(({ commentId, placement: p }) => ({
    commentId,
    revisionId: nextRevisionId,
    passageKey: p.passageKey,
    startOffset: p.start,
    endOffset: p.end,
    method: p.method,
    score: p.score,
  }));
  if (rows.length === 0) return 0;
  await options.tx.commentPlacement.createMany({ data: rows, skipDuplicates: true });
  return rows.length;
}

/** Where one comment lands on the next revision, and whether it was placed on the previous one. */
export interface PlannedPlacement {
  commentId: string;
  placement: Placement;
  /** Placed (not outdated) on the previous current revision: written there, or a placement row. */
  wasPlaced: boolean;
}

/**
 * Every comment of the chapter (replies with their root's placement) on the next revision,
 * without writing: saving writes exactly this, and a preview counts it (revision-impact.ts), so
 * the two cannot disagree.
 */
export async function planChapterReanchor(
  options: Omit<ReanchorCommentsOptions, 'nextRevisionId'>,
): Promise<PlannedPlacement[]> {
  const { tx, chapterId, previousRevisionId, nextPassages } = options;
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
  if (comments.length === 0) return [];

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

  const byRoot = new Map<string, Placement>();
  for (const [sourceRevisionId, group] of groups) {
    const placements = reanchor(group.anchors, await load(sourceRevisionId), nextPassages);
    placements.forEach((p, i) => byRoot.set(group.rootIds[i]!, p));
  }
  const byId = new Map(comments.map((c) => [c.id, c]));
  const placedBefore = (c: (typeof comments)[number]): boolean => {
    const root = c.parentId === null ? c : byId.get(c.parentId);
    if (!root || previousRevisionId === null) return false;
    return root.revisionId === previousRevisionId || Boolean(root.placements[0]?.passageKey);
  };
  const planned: PlannedPlacement[] = [];
  for (const c of comments) {
    const placement = byRoot.get(c.parentId ?? c.id);
    if (placement) planned.push({ commentId: c.id, placement, wasPlaced: placedBefore(c) });
  }
  return planned;
}
