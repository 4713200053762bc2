// What a chapter page needs of its comments before any panel opens: counts per passage, the
// commented words to underline, the outdated threads, and the opened passage's first page.
// Sized by the chapter's passages, not by its comments: thread bodies load per passage
// (`listPassageThreads`) when a reader opens one (docs/comments.md, "Threads on demand").
import { type Database, Prisma } from '@margins/db';
import {
  requireChapterVisible,
  type ChapterAccess,
  type Db,
  commentDisplay,
  isEditor,
  revisionFor,
  type CommentVisibilityFields,
  type Viewer,
} from '../access';
import { ReadCache } from '../read-cache';
import { revisionText } from '../reading/revision-text';
import type { StoredAnchor } from './anchors';
import { countCommentsOnRevision, type PassageCounts } from './count-comments';
import { loadScopedThreads, THREAD_PAGE, type ThreadView } from './list-comments';
import { placeThreads, type PlaceableRoot } from './placement';

/** Passage key → the commented stretches [start, end) of its text, merged where they overlap. */
export type Spans = Record<string, [number, number][]>;

export interface CommentSummary {
  revision: { id: string; number: number; which: 'published' | 'current' };
  viewer: { canModerate: boolean };
  /** Public visible comments per passage, as every reader counts them. */
  counts: { byPassage: Record<string, number>; outdated: number };
  /** The words this viewer sees comments on (their own private notes and pending ones included). */
  spans: Spans;
  /** The outdated threads, then the opened passage's first page. */
  threads: ThreadView[];
  /** The passage opened with the summary and where its threads continue. */
  open: { passageKey: string; nextCursor: number | null } | null;
}

/** A thread root as span-finding needs it: where it is, and who may see it (no bodies). */
interface SpanRow extends StoredAnchor, CommentVisibilityFields {
  id: string;
  revisionId: string;
  placedKey: string | null;
  placedStart: number | null;
  placedEnd: number | null;
  placedMethod: PlaceableRoot['placements'][number]['method'] | null;
  placedScore: number | null;
  /** Only for removed roots, which show as placeholders while a reply is visible. */
  replies: CommentVisibilityFields[] | null;
}

/**
 * Roots of the chapter visible to everyone (`who: null`), or those a signed-in reader wrote or
 * replied to (`who: userId`), or all of them (`who: 'all'`, for the story's side).
 */
function loadSpanRows(db: Db, chapterId: string, revisionId: string, who: string | null): Promise<SpanRow[]> {
  const filter =
    who === 'all'
      ? Prisma.sql`TRUE`
      : who === null
        ? Prisma.sql`c.visibility = 'public' AND c.status <> 'pending'`
        : Prisma.sql`(c."authorId" = ${who} OR EXISTS (SELECT 1 FROM "InlineComment" y WHERE y."parentId" = c.id AND y."authorId" = ${who}))`;
  return db.$queryRaw<SpanRow[]>(Prisma.sql`
    SELECT c.id, c."authorId", c.visibility::text AS visibility, c.status::text AS status, c."betaRoundId", c."revisionId",
           au."suspendedAt" IS NOT NULL AS "authorSuspended",
           c."passageKey", c.quote, c."startOffset", c."endOffset",
           CASE WHEN c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL THEN c.prefix END AS prefix,
           CASE WHEN c."revisionId" <> ${revisionId} AND pl."commentId" IS NULL THEN c.suffix END AS suffix,
           pl."passageKey" AS "placedKey", pl."startOffset" AS "placedStart", pl."endOffset" AS "placedEnd",
           pl.method::text AS "placedMethod", pl.score AS "placedScore",
           CASE WHEN c.status IN ('hidden', 'deleted') OR au."suspendedAt" IS NOT NULL THEN
             (SELECT json_agg(json_build_object('authorId', x."authorId", 'visibility', x.visibility, 'status', x.status, 'betaRoundId', x."betaRoundId",
                                                'authorSuspended', xu."suspendedAt" IS NOT NULL))
                FROM "InlineComment" x JOIN "User" xu ON xu.id = x."authorId" WHERE x."parentId" = c.id) END AS replies
      FROM "InlineComment" c
      JOIN "User" au ON au.id = c."authorId"
      LEFT JOIN "CommentPlacement" pl ON pl."commentId" = c.id AND pl."revisionId" = ${revisionId}
     WHERE c."chapterId" = ${chapterId} AND c."parentId" IS NULL AND c."betaRoundId" IS NULL AND ${filter}`);
}

/** The spans of the roots `viewer` sees, placed the way the thread list places them. */
async function spansOf(db: Database, rows: SpanRow[], viewer: Viewer, revisionId: string): Promise<Spans> {
  const shown = rows.filter((r) => {
    const display = commentDisplay(r, viewer);
    return (
      display === 'show' ||
      (display === 'placeholder' && (r.replies ?? []).some((x) => commentDisplay(x, viewer) === 'show'))
    );
  });
  if (shown.length === 0) return {};
  const roots: PlaceableRoot[] = shown.map((r) => ({
    ...r,
    placements:
      r.placedMethod === null
        ? []
        : [
            {
              passageKey: r.placedKey,
              startOffset: r.placedStart,
              endOffset: r.placedEnd,
              method: r.placedMethod,
              score: Number(r.placedScore),
            },
          ],
  }));
  const { anchorPassages } = await revisionText(db, revisionId);
  const placed = placeThreads(roots, revisionId, anchorPassages);
  const spans: Spans = {};
  for (const p of placed.values()) {
    if (p.outdated || p.passageKey === null || p.start === null || p.end === null) continue;
    (spans[p.passageKey] ??= []).push([p.start, p.end]);
  }
  return mergeSpans(spans);
}

/** Overlapping or touching stretches become one: the result is bounded by the text, not the comments. */
export function mergeSpans(...parts: Spans[]): Spans {
  const all: Spans = {};
  for (const part of parts) for (const [key, list] of Object.entries(part)) (all[key] ??= []).push(...list);
  for (const key of Object.keys(all)) {
    const sorted = (all[key] as [number, number][]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: [number, number][] = [];
    for (const [s, e] of sorted) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    all[key] = merged;
  }
  return all;
}

/** Everyone's part of a chapter's comments on a revision, per content version. */
const publicParts = new ReadCache<{ spans: Spans; counts: PassageCounts }>({ entries: 1000 });

export function forgetCachedSummaries(db: Database): void {
  publicParts.forget(db);
}

async function publicPart(db: Database, access: ChapterAccess, revisionId: string) {
  const chapterId = access.chapter.id;
  return publicParts.get(db, `${chapterId}:${revisionId}`, access.contentVersion, async () => {
    const anchorPassages = async () => (await revisionText(db, revisionId)).anchorPassages;
    const [rows, counts] = await Promise.all([
      loadSpanRows(db.prisma, chapterId, revisionId, null),
      countCommentsOnRevision(db.prisma, chapterId, revisionId, anchorPassages),
    ]);
    return { spans: await spansOf(db, rows, { userId: null, role: null }, revisionId), counts };
  });
}

export async function commentSummary(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  revision?: 'published' | 'current';
  /** A passage opened with the page (`?comment=KEY`): its first page of threads comes too. */
  open?: string | null;
  now: Date;
}): Promise<CommentSummary> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id: revisionId, which } = revisionFor(access, options.revision);
  const viewer: Viewer = { userId, role: access.role };
  const open = options.open ?? null;
  const [everyone, own, outdated, opened, text] = await Promise.all([
    publicPart(db, access, revisionId),
    // The story's side sees every private note; a reader adds only their own comments to what
    // everyone sees (nobody else's private or pending comment can show to them).
    access.role !== null
      ? loadSpanRows(db.prisma, chapterId, revisionId, 'all')
      : userId !== null
        ? loadSpanRows(db.prisma, chapterId, revisionId, userId)
        : null,
    loadScopedThreads(db, access, userId, revisionId, which, now, null),
    open === null
      ? null
      : loadScopedThreads(db, access, userId, revisionId, which, now, open, {
          cursor: 0,
          limit: THREAD_PAGE,
        }),
    revisionText(db, revisionId),
  ]);
  const spans =
    access.role !== null
      ? await spansOf(db, own ?? [], viewer, revisionId)
      : own
        ? mergeSpans(everyone.spans, await spansOf(db, own, viewer, revisionId))
        : everyone.spans;
  return {
    revision: { id: revisionId, number: text.revision.number, which },
    viewer: { canModerate: isEditor(access.role) },
    counts: { byPassage: everyone.counts.byPassage, outdated: everyone.counts.outdated },
    spans,
    threads: [...outdated.threads, ...(opened?.threads ?? [])],
    open: open === null ? null : { passageKey: open, nextCursor: opened?.nextCursor ?? null },
  };
}
