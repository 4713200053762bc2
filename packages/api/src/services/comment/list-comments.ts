import type { PlacementMethod } from '@margins/anchoring';
import { type Database, Prisma } from '@margins/db';
import { requireChapterVisible, type Db } from '../access';
import { loadAnchorPassages, type StoredAnchor } from './anchors';
import { commentDisplay, isEditor, revisionFor, type Viewer } from './comment-access';
import { placeThreads, type PlaceableRoot } from './placement';
import type { CommentType, CommentVisibility } from './create-comment';

export interface CommentView {
  id: string;
  /** null for a removed comment shown only to keep its thread. */
  author: { id: string; username: string; displayName: string | null } | null;
  body: string;
  type: CommentType;
  visibility: CommentVisibility;
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  mine: boolean;
  editedAt: Date | null;
  createdAt: Date;
}

export interface ThreadView {
  /** The root comment's id. */
  id: string;
  /** Where the thread lands on this revision; start/end are relative to the passage text. */
  passageKey: string | null;
  start: number | null;
  end: number | null;
  method: PlacementMethod;
  score: number;
  /** The quote could not be re-found on this revision: show the thread as outdated. */
  outdated: boolean;
  /** The words it was written on (null = the whole passage). */
  quote: string | null;
  writtenOnRevision: number;
  frozen: boolean;
  root: CommentView;
  replies: CommentView[];
}

export interface CommentList {
  revision: { id: string; number: number; which: 'published' | 'current' };
  threads: ThreadView[];
  viewer: { canModerate: boolean };
}

/** A comment of a listed thread (root or reply) with its author, written revision and placement. */
interface ThreadRow extends StoredAnchor {
  id: string;
  parentId: string | null;
  authorId: string;
  username: string;
  displayName: string | null;
  body: string;
  type: CommentType;
  visibility: CommentVisibility;
  status: CommentView['status'];
  betaRoundId: string | null;
  editedAt: Date | null;
  createdAt: Date;
  revisionId: string;
  frozen: boolean;
  writtenOnRevision: number;
  /** The root's stored placement on the revision being listed (null columns when none). */
  placedKey: string | null;
  placedStart: number | null;
  placedEnd: number | null;
  placedMethod: PlacementMethod | null;
  placedScore: number | null;
}

/**
 * The chapter's thread roots outside beta rounds (oldest first), then every reply of those roots
 * (oldest first), in one query. Each list is numbered by the same single-table scan and sort a
 * plain `ORDER BY "createdAt"` query would run, so comments created at the same instant keep the
 * order they always had.
 */
function loadThreadRows(db: Db, chapterId: string, revisionId: string): Promise<ThreadRow[]> {
  return db.$queryRaw<ThreadRow[]>(Prisma.sql`
    WITH roots AS MATERIALIZED (
      SELECT t.id, row_number() OVER (ORDER BY t."createdAt" ASC) AS ord
        FROM "InlineComment" t
       WHERE t."chapterId" = ${chapterId} AND t."parentId" IS NULL AND t."betaRoundId" IS NULL
    ), replies AS MATERIALIZED (
      SELECT x.id, row_number() OVER (ORDER BY x."createdAt" ASC) AS ord
        FROM "InlineComment" x
       WHERE x."parentId" = ANY(ARRAY(SELECT id FROM roots))
    ), listed AS (
      SELECT id, 0 AS part, ord FROM roots
      UNION ALL
      SELECT id, 1 AS part, ord FROM replies
    )
    SELECT c.id, c."parentId", c."authorId", u.username, u."displayName", c.body, c.type::text AS type, c.visibility::text AS visibility,
           c.status::text AS status, c."betaRoundId", c."editedAt", c."createdAt", c."revisionId", c."passageKey", c.quote, c.prefix,
           c.suffix, c."startOffset", c."endOffset", c.frozen, r.number AS "writtenOnRevision",
           pl."passageKey" AS "placedKey", pl."startOffset" AS "placedStart", pl."endOffset" AS "placedEnd",
           pl.method::text AS "placedMethod", pl.score AS "placedScore"
      FROM listed l
      JOIN "InlineComment" c ON c.id = l.id
      JOIN "User" u ON u.id = c."authorId"
      JOIN "ChapterRevision" r ON r.id = c."revisionId"
      LEFT JOIN "CommentPlacement" pl ON l.part = 0 AND pl."commentId" = c.id AND pl."revisionId" = ${revisionId}
     ORDER BY l.part ASC, l.ord ASC`);
}

const PLACEHOLDER = { deleted: '[deleted]', hidden: '[hidden by the author]' } as const;

/**
 * The threads of a chapter placed on the revision the caller reads. Outdated threads are listed
 * (last), never dropped. Removed roots stay as placeholders while they have visible replies.
 */
export async function listComments(options: { db: Database; userId: string | null; chapterId: string; revision?: 'published' | 'current'; now: Date }): Promise<CommentList> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const viewer: Viewer = { userId, role: access.role };
  const { id: revisionId, which } = revisionFor(access, options.revision);

  const [revision, rows, passages] = await Promise.all([
    db.prisma.chapterRevision.findUniqueOrThrow({ where: { id: revisionId }, select: { id: true, number: true } }),
    loadThreadRows(db.prisma, chapterId, revisionId),
    loadAnchorPassages(db.prisma, revisionId),
  ]);

  const view = (c: ThreadRow, shown: boolean): CommentView => ({
    id: c.id,
    author: shown ? { id: c.authorId, username: c.username, displayName: c.displayName } : null,
    body: shown ? c.body : PLACEHOLDER[c.status === 'hidden' ? 'hidden' : 'deleted'],
    type: c.type,
    visibility: c.visibility,
    status: c.status,
    mine: userId !== null && c.authorId === userId,
    editedAt: shown ? c.editedAt : null,
    createdAt: c.createdAt,
  });

  // Roots oldest first, then replies oldest first: each thread collects its own.
  const roots: (ThreadRow & PlaceableRoot)[] = [];
  const repliesOf = new Map<string, ThreadRow[]>();
  for (const row of rows) {
    if (row.parentId === null) {
      roots.push({
        ...row,
        placements: row.placedMethod === null ? [] : [{ passageKey: row.placedKey, startOffset: row.placedStart, endOffset: row.placedEnd, method: row.placedMethod, score: Number(row.placedScore) }],
      });
    } else {
      const list = repliesOf.get(row.parentId);
      if (list) list.push(row);
      else repliesOf.set(row.parentId, [row]);
    }
  }

  const kept: { root: (typeof roots)[number]; view: ThreadView['root']; replies: CommentView[] }[] = [];
  for (const root of roots) {
    const display = commentDisplay(root, viewer);
    if (display === 'none') continue;
    const replies = (repliesOf.get(root.id) ?? []).filter((r) => commentDisplay(r, viewer) === 'show').map((r) => view(r, true));
    if (display === 'placeholder' && replies.length === 0) continue;
    kept.push({ root, view: view(root, display === 'show'), replies });
  }

  const placed = placeThreads(kept.map((k) => k.root), revisionId, passages);
  const order = new Map(passages.map((p, i) => [p.key, i]));
  const threads: ThreadView[] = kept.map(({ root, view: rootView, replies }) => {
    const p = placed.get(root.id)!;
    return {
      id: root.id,
      passageKey: p.passageKey,
      start: p.start,
      end: p.end,
      method: p.method,
      score: p.score,
      outdated: p.outdated,
      quote: root.quote,
      writtenOnRevision: root.writtenOnRevision,
      frozen: root.frozen,
      root: rootView,
      replies,
    };
  });
  // Reading order; outdated threads after the placed ones (the sort is stable: oldest first).
  const rank = (t: ThreadView) => (t.passageKey === null || t.outdated ? Number.MAX_SAFE_INTEGER : (order.get(t.passageKey) ?? Number.MAX_SAFE_INTEGER - 1));
  threads.sort((a, b) => rank(a) - rank(b) || (a.start ?? 0) - (b.start ?? 0));
  return { revision: { ...revision, which }, threads, viewer: { canModerate: isEditor(access.role) } };
}
