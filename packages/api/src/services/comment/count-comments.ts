// Comment counts per passage on one revision: public, visible comments (roots and replies),
// counted where their thread lands on that revision. Used by the reading page and live events.
import type { PassageText, PlacementMethod } from '@margins/anchoring';
import { type Database, Prisma } from '@margins/db';
import type { Db } from '../access';
import { requireChapterVisible } from '../access';
import { loadAnchorPassages, type StoredAnchor } from './anchors';
import { revisionFor } from './comment-access';
import { placeThreads, type PlaceableRoot } from './placement';

export interface PassageCounts {
  revisionId: string;
  /** Passage key → comments; keys without comments are absent. */
  byPassage: Record<string, number>;
  /** Public comments whose thread is outdated (orphaned) on this revision. */
  outdated: number;
}

interface CountRootRow extends StoredAnchor {
  id: string;
  revisionId: string;
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  /** Public, visible replies (outside beta rounds). */
  replies: number;
  placedKey: string | null;
  placedStart: number | null;
  placedEnd: number | null;
  placedMethod: PlacementMethod | null;
  placedScore: number | null;
}

/**
 * The public thread roots of a chapter that carry at least one public visible comment (the root
 * itself or a reply), with that number and their stored placement on `revisionId`: one query.
 */
export async function loadCountRoots(db: Db, chapterId: string, revisionId: string): Promise<(PlaceableRoot & { comments: number })[]> {
  const rows = await db.$queryRaw<CountRootRow[]>(Prisma.sql`
    SELECT c.id, c."revisionId", c.status::text AS status, c."passageKey", c.quote, c.prefix, c.suffix, c."startOffset", c."endOffset",
           (SELECT count(*)::int FROM "InlineComment" x
             WHERE x."parentId" = c.id AND x.status = 'visible' AND x.visibility = 'public' AND x."betaRoundId" IS NULL) AS replies,
           pl."passageKey" AS "placedKey", pl."startOffset" AS "placedStart", pl."endOffset" AS "placedEnd",
           pl.method::text AS "placedMethod", pl.score AS "placedScore"
      FROM "InlineComment" c
      LEFT JOIN "CommentPlacement" pl ON pl."commentId" = c.id AND pl."revisionId" = ${revisionId}
     WHERE c."chapterId" = ${chapterId} AND c."parentId" IS NULL AND c.visibility = 'public' AND c."betaRoundId" IS NULL`);
  const roots: (PlaceableRoot & { comments: number })[] = [];
  for (const r of rows) {
    const comments = Number(r.replies) + (r.status === 'visible' ? 1 : 0);
    if (comments === 0) continue;
    roots.push({
      id: r.id, revisionId: r.revisionId, passageKey: r.passageKey, quote: r.quote, prefix: r.prefix, suffix: r.suffix, startOffset: r.startOffset, endOffset: r.endOffset,
      placements: r.placedMethod === null ? [] : [{ passageKey: r.placedKey, startOffset: r.placedStart, endOffset: r.placedEnd, method: r.placedMethod, score: Number(r.placedScore) }],
      comments,
    });
  }
  return roots;
}

/** Counts per passage from `loadCountRoots`, placed on the revision whose text passages are given. */
export function tallyCounts(roots: (PlaceableRoot & { comments: number })[], revisionId: string, passages: PassageText[]): PassageCounts {
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  if (roots.length === 0) return { revisionId, byPassage, outdated };
  const placed = placeThreads(roots, revisionId, passages);
  for (const root of roots) {
    const n = root.comments;
    const p = placed.get(root.id);
    if (!p || n === 0) continue;
    if (p.outdated || p.passageKey === null) outdated += n;
    else byPassage[p.passageKey] = (byPassage[p.passageKey] ?? 0) + n;
  }
  return { revisionId, byPassage, outdated };
}

export async function countCommentsOnRevision(db: Db, chapterId: string, revisionId: string): Promise<PassageCounts> {
  const [roots, passages] = await Promise.all([loadCountRoots(db, chapterId, revisionId), loadAnchorPassages(db, revisionId)]);
  return tallyCounts(roots, revisionId, passages);
}

export async function countComments(options: { db: Database; userId: string | null; chapterId: string; revision?: 'published' | 'current'; now: Date }) {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id, which } = revisionFor(access, options.revision);
  return { ...(await countCommentsOnRevision(db.prisma, chapterId, id)), revision: which };
}

/** Counts for live events: on the published revision, which is what readers have open. */
export async function publishedCounts(db: Db, chapterId: string): Promise<PassageCounts | undefined> {
  const chapter = await db.chapter.findUnique({ where: { id: chapterId }, select: { publishedRevisionId: true } });
  return chapter?.publishedRevisionId ? countCommentsOnRevision(db, chapterId, chapter.publishedRevisionId) : undefined;
}
