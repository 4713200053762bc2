// Comment counts per passage on one revision: public, visible comments (roots and replies),
// counted where their thread lands on that revision. Used by the reading page and live events.
import type { PassageText } from '@margins/anchoring';
import { type Database, Prisma } from '@margins/db';
import { type Db, requireChapterVisible, revisionFor } from '../access';
import { loadAnchorPassages, type StoredAnchor } from './anchors';
import { placeThreads, type PlaceableRoot } from './placement';

export interface PassageCounts {
  revisionId: string;
  /** Passage key → comments; keys without comments are absent. */
  byPassage: Record<string, number>;
  /** Public comments whose thread is outdated (orphaned) on this revision. */
  outdated: number;
}

/**
 * A row of `loadCountRows`: either the comments of a passage (or of the outdated tray, `key`
 * null) whose threads are placed without the text — written on this revision, or re-anchored
 * onto it on edit — or one thread root (`id` set) that must be located in the text.
 */
interface CountRow extends Partial<StoredAnchor> {
  key: string | null;
  comments: number;
  id: string | null;
  revisionId: string | null;
}

/**
 * Public, visible comments (roots and replies, outside beta rounds) of a chapter counted where
 * their thread lands on `revisionId`, placed the way `placeThreads` places them. PostgreSQL
 * groups the threads it can place from stored rows; only the rest (comments written on another
 * revision that re-anchoring never saw, e.g. on a newer draft) come back one by one.
 */
function loadCountRows(db: Db, chapterId: string, revisionId: string, onlyKey?: string): Promise<CountRow[]> {
  // One passage (a live event's count): the roots stored there and those to be located.
  const only =
    onlyKey === undefined
      ? Prisma.sql`TRUE`
      : Prisma.sql`((c."revisionId" = ${revisionId} AND c."passageKey" = ${onlyKey})
        OR (c."revisionId" <> ${revisionId} AND (pl."passageKey" = ${onlyKey} OR pl."commentId" IS NULL)))`;
  return db.$queryRaw<CountRow[]>(Prisma.sql`
    WITH roots AS (
      SELECT c.id, c."revisionId", c."passageKey", c.quote, c.prefix, c.suffix, c."startOffset", c."endOffset",
             CASE WHEN c."revisionId" = ${revisionId} THEN c."passageKey"
                  WHEN pl.method = 'orphaned' THEN NULL
                  ELSE pl."passageKey" END AS key,
             c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL AS unplaced,
             -- Comments of suspended accounts count for nobody until restored (docs/admin.md).
             (c.status = 'visible' AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = c."authorId" AND u."suspendedAt" IS NOT NULL))::int
               + (SELECT count(*)::int FROM "InlineComment" x JOIN "User" xu ON xu.id = x."authorId"
                   WHERE x."parentId" = c.id AND x.status = 'visible' AND x.visibility = 'public' AND x."betaRoundId" IS NULL
                     AND xu."suspendedAt" IS NULL) AS comments
        FROM "InlineComment" c
        LEFT JOIN "CommentPlacement" pl ON pl."commentId" = c.id AND pl."revisionId" = ${revisionId}
       WHERE c."chapterId" = ${chapterId} AND c."parentId" IS NULL AND c.visibility = 'public' AND c."betaRoundId" IS NULL AND ${only}
    )
    SELECT key, sum(comments)::int AS comments, NULL AS id, NULL AS "revisionId", NULL AS "passageKey", NULL AS quote, NULL AS prefix,
           NULL AS suffix, NULL::int AS "startOffset", NULL::int AS "endOffset"
      FROM roots WHERE NOT unplaced AND comments > 0 GROUP BY key
    UNION ALL
    SELECT NULL, comments, id, "revisionId", "passageKey", quote, prefix, suffix, "startOffset", "endOffset"
      FROM roots WHERE unplaced AND comments > 0`);
}

/**
 * Counts per passage on a revision. Stored keys are the revision's own (checked when the comment
 * was written, or found by re-anchoring on it), so `passages` — its text passages, loaded when not
 * given — are needed only when a thread has to be located in the text.
 */
export async function countCommentsOnRevision(
  db: Db,
  chapterId: string,
  revisionId: string,
  passages?: () => Promise<PassageText[]>,
  onlyKey?: string,
): Promise<PassageCounts> {
  const rows = await loadCountRows(db, chapterId, revisionId, onlyKey);
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  const unplaced: (PlaceableRoot & { comments: number })[] = [];
  const grouped: { key: string | null; comments: number }[] = [];
  for (const r of rows) {
    if (r.id === null) grouped.push({ key: r.key, comments: r.comments });
    else
      unplaced.push({
        id: r.id,
        revisionId: r.revisionId as string,
        passageKey: r.passageKey as string,
        quote: r.quote ?? null,
        prefix: r.prefix ?? null,
        suffix: r.suffix ?? null,
        startOffset: r.startOffset ?? null,
        endOffset: r.endOffset ?? null,
        placements: [],
        comments: r.comments,
      });
  }
  for (const g of grouped) {
    if (g.key === null) outdated += g.comments;
    else byPassage[g.key] = (byPassage[g.key] ?? 0) + g.comments;
  }
  if (unplaced.length > 0) {
    const text = await (passages ?? (() => loadAnchorPassages(db, revisionId)))();
    const placed = placeThreads(unplaced, revisionId, text);
    for (const root of unplaced) {
      const p = placed.get(root.id);
      if (!p || p.outdated || p.passageKey === null) outdated += root.comments;
      else byPassage[p.passageKey] = (byPassage[p.passageKey] ?? 0) + root.comments;
    }
  }
  return { revisionId, byPassage, outdated };
}

export async function countComments(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  revision?: 'published' | 'current';
  now: Date;
}) {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id, which } = revisionFor(access, options.revision);
  return { ...(await countCommentsOnRevision(db.prisma, chapterId, id)), revision: which };
}

/**
 * One passage's count on a revision, for a live event: reads the roots stored on that passage
 * (and any that must be located), not the chapter's — a comment's cost does not grow with the
 * chapter (issue 16).
 */
export async function passageCount(
  db: Db,
  chapterId: string,
  revisionId: string,
  passageKey: string,
  passages?: () => Promise<PassageText[]>,
): Promise<number> {
  const counts = await countCommentsOnRevision(db, chapterId, revisionId, passages, passageKey);
  return counts.byPassage[passageKey] ?? 0;
}
