import type { PlacementMethod } from '@margins/anchoring';
import { type Database, Prisma } from '@margins/db';
import {
  requireChapterVisible,
  type ChapterAccess,
  type Db,
  commentDisplay,
  isEditor,
  revisionFor,
  type Viewer,
} from '../access';
import { ReadCache } from '../read-cache';
import { revisionText } from '../reading/revision-text';
import type { StoredAnchor } from './anchors';
import { passageLookup, threadWords } from './draft-words';
import { placeThreads, type PlaceableRoot } from './placement';
import type { CommentType, CommentVisibility } from './create-comment';

export interface CommentView {
  id: string;
  /**
   * null for a removed comment shown only to keep its thread. A guest's comment (`guest`) has the
   * shared guest account's id and username, and the name the guest gave as displayName.
   */
  author: { id: string; username: string; displayName: string | null; guest: boolean } | null;
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
  /**
   * The words it is on (null = the whole passage). To a viewer who may not read the revision it
   * was written on (a reader, for a member's comment on the draft): the words it lands on in the
   * revision shown, or null with `withheld` — never the draft's words (draft-words.ts).
   */
  quote: string | null;
  /**
   * Its words are from a revision this viewer may not read, and it lands nowhere in this one:
   * `newer` = written on a draft not published yet, `earlier` = on text since changed; else null.
   */
  withheld: 'newer' | 'earlier' | null;
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
  guest: boolean;
  authorSuspended: boolean;
  /** The author deleted their account: the comment keeps its place, its text is gone. */
  authorDeleted: boolean;
  muted: boolean;
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
  /** Readers could once read the revision it was written on (draft-words.ts). */
  revisionWasPublic: boolean;
  /** The root's stored placement on the revision being listed (null columns when none). */
  placedKey: string | null;
  placedStart: number | null;
  placedEnd: number | null;
  placedMethod: PlacementMethod | null;
  placedScore: number | null;
}

/**
 * Which threads a load reads: the whole chapter, the roots that may land on one passage, or the
 * roots that may be outdated on the revision. A scoped load narrows in SQL to the roots whose
 * stored place is that passage (written on this revision there, or re-anchored there), plus the
 * few that must be located in the text (written on a revision re-anchoring never saw); the
 * caller keeps those that really land there.
 */
export type ThreadScope = { passageKey: string } | { outdated: true } | { threadId: string } | null;

function scopeFilter(scope: ThreadScope, revisionId: string): Prisma.Sql {
  const unplaced = Prisma.sql`(c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL)`;
  if (scope === null) return Prisma.sql`TRUE`;
  if ('threadId' in scope) return Prisma.sql`c.id = ${scope.threadId}`;
  if ('passageKey' in scope) {
    return Prisma.sql`((c."revisionId" = ${revisionId} AND c."passageKey" = ${scope.passageKey})
      OR (c."revisionId" <> ${revisionId} AND pl."passageKey" = ${scope.passageKey}) OR ${unplaced})`;
  }
  const known = Prisma.sql`NOT EXISTS (SELECT 1 FROM "Passage" p WHERE p."revisionId" = ${revisionId} AND p.kind = 'text' AND p.key = c."passageKey")`;
  return Prisma.sql`((c."revisionId" = ${revisionId} AND ${known})
    OR (c."revisionId" <> ${revisionId} AND (pl.method = 'orphaned' OR pl."passageKey" IS NULL)) OR ${unplaced})`;
}

/** `muted`: the viewer muted the comment's author (docs/profiles.md) — read here, not in a query of its own. */
const threadColumns = (revisionId: string, now: Date, viewerId: string | null) => Prisma.sql`
    SELECT c.id, c."parentId", c."authorId", u.username, coalesce(c."guestName", u."displayName") AS "displayName",
           c."guestName" IS NOT NULL AS guest, u."suspendedAt" IS NOT NULL AS "authorSuspended",
           u."deletedAt" IS NOT NULL AS "authorDeleted", c.body, c.type::text AS type, c.visibility::text AS visibility,
           c.status::text AS status, c."betaRoundId", c."editedAt", c."createdAt", c."revisionId", c."passageKey", c.quote,
           -- The quote's context matters only to a root that must be located in the text.
           CASE WHEN c."parentId" IS NULL AND c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL THEN c.prefix END AS prefix,
           CASE WHEN c."parentId" IS NULL AND c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL THEN c.suffix END AS suffix,
           c."startOffset", c."endOffset", c.frozen, r.number AS "writtenOnRevision",
           coalesce(r."publicAt" <= ${now}, false) AS "revisionWasPublic",
           pl."passageKey" AS "placedKey", pl."startOffset" AS "placedStart", pl."endOffset" AS "placedEnd",
           pl.method::text AS "placedMethod", pl.score AS "placedScore",
           ${
             viewerId === null
               ? Prisma.sql`false`
               : Prisma.sql`EXISTS (SELECT 1 FROM "UserMute" m WHERE m."muterId" = ${viewerId} AND m."mutedId" = c."authorId")`
           } AS muted
      FROM "InlineComment" c
      JOIN "User" u ON u.id = c."authorId"
      JOIN "ChapterRevision" r ON r.id = c."revisionId"
      LEFT JOIN "CommentPlacement" pl ON c."parentId" IS NULL AND pl."commentId" = c.id AND pl."revisionId" = ${revisionId}`;

/**
 * The chapter's thread roots outside beta rounds and every reply of those roots, in one query
 * (a reply always carries its root's chapter). The caller orders them: a sort in SQL would cost
 * more than the rows it returns. A scoped load reads the roots in scope, then their replies.
 */
async function loadThreadRows(
  db: Db,
  chapterId: string,
  revisionId: string,
  now: Date,
  scope: ThreadScope,
  viewerId: string | null,
): Promise<ThreadRow[]> {
  if (scope === null) {
    return db.$queryRaw<ThreadRow[]>(Prisma.sql`${threadColumns(revisionId, now, viewerId)}
     WHERE c."chapterId" = ${chapterId} AND (c."betaRoundId" IS NULL OR c."parentId" IS NOT NULL)`);
  }
  const roots = await db.$queryRaw<ThreadRow[]>(Prisma.sql`${threadColumns(revisionId, now, viewerId)}
     WHERE c."chapterId" = ${chapterId} AND c."parentId" IS NULL AND c."betaRoundId" IS NULL AND ${scopeFilter(scope, revisionId)}`);
  return roots;
}

/** The replies of some roots (replies are found by their root: an index on parentId). */
function loadReplyRows(
  db: Db,
  revisionId: string,
  now: Date,
  rootIds: string[],
  viewerId: string | null,
): Promise<ThreadRow[]> {
  if (rootIds.length === 0) return Promise.resolve([]);
  return db.$queryRaw<ThreadRow[]>(Prisma.sql`${threadColumns(revisionId, now, viewerId)}
     WHERE c."parentId" IN (${Prisma.join(rootIds)})`);
}

const PLACEHOLDER = {
  deleted: '[deleted]',
  hidden: '[hidden by the author]',
  suspended: '[hidden by the site’s moderators]',
  muted: '[from someone you muted]',
} as const;
/** The text of a comment whose author deleted their account (services/account/delete-account.ts). */
export const REMOVED_WITH_ACCOUNT = '[removed with the account]';

/**
 * The threads of a chapter placed on the revision the caller reads. Outdated threads are listed
 * (last), never dropped. Removed roots stay as placeholders while they have visible replies.
 */
export async function listComments(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  revision?: 'published' | 'current';
  now: Date;
}): Promise<CommentList> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id: revisionId, which } = revisionFor(access, options.revision);
  // Every anonymous visitor sees the same list (nothing of theirs, nothing private): kept per
  // content version, so it is read again after any comment, moderation, edit or rename.
  if (userId === null && access.role === null) {
    return anonymousThreads.get(db, `${chapterId}:${revisionId}:${which}`, access.contentVersion, () =>
      loadThreads(db, access, null, revisionId, which, now),
    );
  }
  return loadThreads(db, access, userId, revisionId, which, now);
}

/** Threads as anonymous visitors see them, per chapter and revision. */
const anonymousThreads = new ReadCache<CommentList>({ entries: 1000 });

export function forgetCachedThreads(db: Database): void {
  anonymousThreads.forget(db);
}

/** One page of threads: `nextCursor` continues it, null when there is no more. */
export interface ThreadPage extends CommentList {
  nextCursor: number | null;
}

async function loadThreads(
  db: Database,
  access: ChapterAccess,
  userId: string | null,
  revisionId: string,
  which: 'published' | 'current',
  now: Date,
  scope: ThreadScope = null,
  page?: { cursor: number; limit: number },
): Promise<ThreadPage> {
  const chapterId = access.chapter.id;
  const viewer: Viewer = { userId, role: access.role };

  const [rows, text] = await Promise.all([
    loadThreadRows(db.prisma, chapterId, revisionId, now, scope, userId),
    revisionText(db, revisionId),
  ]);
  // Someone the viewer muted is hidden from this viewer only: their replies are left out and
  // their thread roots become placeholders (kept only while others' replies need them).
  const isMuted = (c: ThreadRow) => c.muted;
  const passages = text.anchorPassages;
  const revision = { id: revisionId, number: text.revision.number };
  const oldestFirst = (list: ThreadRow[]) => {
    // Array.prototype.sort is stable, so comments of the same instant keep the scan's order.
    const at = new Map(list.map((r) => [r, r.createdAt.getTime()]));
    return list.sort((a, b) => (at.get(a) as number) - (at.get(b) as number));
  };
  oldestFirst(rows);

  const view = (c: ThreadRow, shown: boolean): CommentView => ({
    id: c.id,
    author: shown
      ? { id: c.authorId, username: c.username, displayName: c.displayName, guest: c.guest }
      : null,
    body: shown
      ? c.authorDeleted
        ? REMOVED_WITH_ACCOUNT
        : c.body
      : PLACEHOLDER[
          isMuted(c)
            ? 'muted'
            : c.status === 'deleted'
              ? 'deleted'
              : c.authorSuspended
                ? 'suspended'
                : c.status === 'hidden'
                  ? 'hidden'
                  : 'deleted'
        ],
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
  const collect = (list: ThreadRow[]) => {
    for (const row of list) {
      if (row.parentId === null) {
        if (row.betaRoundId !== null || commentDisplay(row, viewer) === 'none') continue;
        // The row itself is the placeable root: no copy per comment.
        const root = row as ThreadRow & PlaceableRoot;
        root.placements =
          row.placedMethod === null
            ? []
            : [
                {
                  passageKey: row.placedKey,
                  startOffset: row.placedStart,
                  endOffset: row.placedEnd,
                  method: row.placedMethod,
                  score: Number(row.placedScore),
                },
              ];
        roots.push(root);
      } else {
        const replies = repliesOf.get(row.parentId);
        if (replies) replies.push(row);
        else repliesOf.set(row.parentId, [row]);
      }
    }
  };
  collect(rows);

  const placed = placeThreads(roots, revisionId, passages);
  const order = new Map(passages.map((p, i) => [p.key, i]));
  const rankOf = (id: string) => {
    const p = placed.get(id)!;
    return p.passageKey === null || p.outdated
      ? Number.MAX_SAFE_INTEGER
      : (order.get(p.passageKey) ?? Number.MAX_SAFE_INTEGER - 1);
  };
  // A scoped load keeps the roots that really land in scope (some were read to be located).
  const inScope =
    scope === null || 'threadId' in scope
      ? roots
      : roots.filter((r) => {
          const p = placed.get(r.id)!;
          return 'passageKey' in scope
            ? !p.outdated && p.passageKey === scope.passageKey
            : p.outdated || p.passageKey === null;
        });
  // Reading order; outdated threads after the placed ones (the sort is stable: oldest first).
  const rank = new Map(inScope.map((r) => [r, rankOf(r.id)]));
  inScope.sort(
    (a, b) =>
      (rank.get(a) as number) - (rank.get(b) as number) ||
      (placed.get(a.id)!.start ?? 0) - (placed.get(b.id)!.start ?? 0),
  );
  const start = page?.cursor ?? 0;
  const shownRoots = page ? inScope.slice(start, start + page.limit) : inScope;
  const nextCursor = page && start + page.limit < inScope.length ? start + page.limit : null;
  // A scoped load reads only the replies of the threads it returns.
  if (scope !== null)
    collect(
      oldestFirst(
        await loadReplyRows(
          db.prisma,
          revisionId,
          now,
          shownRoots.map((r) => r.id),
          userId,
        ),
      ),
    );

  const textOf = passageLookup(passages);
  const threads: ThreadView[] = [];
  for (const root of shownRoots) {
    const shown = commentDisplay(root, viewer);
    const display = shown === 'show' && isMuted(root) ? 'placeholder' : shown;
    const replies = (repliesOf.get(root.id) ?? [])
      .filter((r) => commentDisplay(r, viewer) === 'show' && !isMuted(r))
      .map((r) => view(r, true));
    // A removed root stays as a placeholder only while it keeps replies alive.
    if (display === 'placeholder' && replies.length === 0) continue;
    const p = placed.get(root.id)!;
    const words = threadWords(viewer, root, revisionId, p, textOf);
    threads.push({
      id: root.id,
      passageKey: p.passageKey,
      start: p.start,
      end: p.end,
      method: p.method,
      score: p.score,
      outdated: p.outdated,
      quote: words.quote,
      withheld: words.withheld ? (root.writtenOnRevision > revision.number ? 'newer' : 'earlier') : null,
      writtenOnRevision: root.writtenOnRevision,
      frozen: root.frozen,
      root: view(root, display === 'show'),
      replies,
    });
  }
  return {
    revision: { ...revision, which },
    threads,
    viewer: { canModerate: isEditor(access.role) },
    nextCursor,
  };
}

/** Threads of one passage (or, with `passageKey: null`, the outdated ones), a page at a time. */
export async function listPassageThreads(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  revision?: 'published' | 'current';
  passageKey: string | null;
  cursor?: number;
  limit?: number;
  now: Date;
}): Promise<ThreadPage> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id: revisionId, which } = revisionFor(access, options.revision);
  return loadScopedThreads(db, access, userId, revisionId, which, now, options.passageKey, {
    cursor: options.cursor ?? 0,
    limit: options.limit ?? THREAD_PAGE,
  });
}

/** One thread as the caller sees it (null when they may not): what a live event's listener fetches. */
export async function getThread(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  revision?: 'published' | 'current';
  threadId: string;
  now: Date;
}): Promise<{ revision: CommentList['revision']; thread: ThreadView | null }> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id: revisionId, which } = revisionFor(access, options.revision);
  const { revision, threads } = await loadThreads(db, access, userId, revisionId, which, now, {
    threadId: options.threadId,
  });
  return { revision, thread: threads[0] ?? null };
}

/** Threads a passage panel shows at first; more come a page at a time. */
export const THREAD_PAGE = 50;

/** The scoped load for a checked access (the chapter summary reuses its access check). */
export async function loadScopedThreads(
  db: Database,
  access: ChapterAccess,
  userId: string | null,
  revisionId: string,
  which: 'published' | 'current',
  now: Date,
  passageKey: string | null,
  page?: { cursor: number; limit: number },
): Promise<ThreadPage> {
  return loadThreads(
    db,
    access,
    userId,
    revisionId,
    which,
    now,
    passageKey === null ? { outdated: true } : { passageKey },
    page,
  );
}
