// The author's feedback inbox: every counted review and inline comment on the stories they
// edit (owner or co-author), newest first, with filters and a per-author read/unread mark
// (FeedbackSeen). What counts is what the figures count: visible, not written by an editor.
import { type Database, Prisma } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { requireDashboardChapter, requireDashboardStory } from '../access';
import type { CommentType } from './figures';

export type FeedbackKind = 'comment' | 'review';

export interface InboxFilters {
  storyId?: string;
  chapterId?: string;
  /** A POV character's id: comments on its passages, reviews of chapters it narrates. */
  povId?: string;
  kind?: FeedbackKind;
  /** Comment type; reviews have none, so this keeps comments only. */
  type?: CommentType;
  /** Review verdict; comments have none, so this keeps reviews only. */
  verdict?: 'yay' | 'nay';
  seen?: 'read' | 'unread';
}

export interface InboxItem {
  kind: FeedbackKind;
  id: string;
  createdAt: Date;
  story: { id: string; slug: string; title: string };
  chapter: { id: string; title: string; number: number };
  author: { username: string; displayName: string | null };
  body: string;
  type: CommentType | null;
  verdict: 'yay' | 'nay' | null;
  /** The passage a comment is anchored to (null for reviews) and the quoted phrase, if any. */
  passageKey: string | null;
  quote: string | null;
  isReply: boolean;
  pov: { name: string; color: string } | null;
  seen: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Unread items matching the filters; UNREAD_CAP + 1 means "more than UNREAD_CAP". */
  unread: number;
}

interface Row {
  kind: FeedbackKind;
  id: string;
  createdAt: Date;
  storyId: string;
  slug: string;
  storyTitle: string;
  chapterId: string;
  chapterTitle: string;
  chapterNumber: number;
  username: string;
  displayName: string | null;
  body: string;
  type: CommentType | null;
  verdict: 'yay' | 'nay' | null;
  passageKey: string | null;
  quote: string | null;
  isReply: boolean;
  povName: string | null;
  povColor: string | null;
  seen: boolean;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()))
    throw new ServiceError('invalid', 'That page link is not valid.', {
      fieldErrors: { cursor: ['Invalid cursor.'] },
    });
  return { at: date, id };
}

async function checkScope(db: Database, userId: string, filters: InboxFilters): Promise<void> {
  if (filters.storyId) await requireDashboardStory({ db: db.prisma, storyId: filters.storyId, userId });
  if (filters.chapterId) {
    const { chapter } = await requireDashboardChapter({
      db: db.prisma,
      chapterId: filters.chapterId,
      userId,
    });
    if (filters.storyId && chapter.storyId !== filters.storyId) throw notFound('Chapter');
  }
}

interface PageWindow {
  limit: number;
  after: { at: Date; id: string } | null;
}

/**
 * The feedback matching the filters, one SELECT per kind, for the union the page and the unread
 * count run. Comments are read story by story (LATERAL over the caller's stories) off the
 * (storyId, createdAt, id) index, newest first, so with a page window a page stops after its
 * rows whatever the filters — a story with 70,000 comments included; with a chapter chosen, off
 * (chapterId, createdAt). Reviews (a few per chapter) are read chapter by chapter.
 */
function feedbackSql(userId: string, f: InboxFilters, page?: PageWindow) {
  const story = f.storyId ? Prisma.sql`AND c."storyId" = ${f.storyId}` : Prisma.empty;
  const chapter = f.chapterId ? Prisma.sql`AND c.id = ${f.chapterId}` : Prisma.empty;
  const seen =
    f.seen === 'read'
      ? Prisma.sql`AND fs."userId" IS NOT NULL`
      : f.seen === 'unread'
        ? Prisma.sql`AND fs."userId" IS NULL`
        : Prisma.empty;
  const wantComments = !f.verdict && f.kind !== 'review';
  const wantReviews = !f.type && f.kind !== 'comment';
  // The POV of the passage a comment was written on, stored on the comment (migration inbox_pov)
  // and indexed with its chapter and time, so a filtered page is read straight off that index.
  const commentPov = f.povId ? Prisma.sql`AND x."povCharacterId" = ${f.povId}` : Prisma.empty;
  const reviewPov = f.povId
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Segment" sg WHERE sg."revisionId" = COALESCE(c."publishedRevisionId", c."currentRevisionId") AND sg."characterId" = ${f.povId})`
    : Prisma.empty;
  // Chapters of stories the caller edits; feedback by the story's own editors is left out.
  const chapters = Prisma.sql`
    SELECT c.id, c."storyId", c."publishedRevisionId", c."currentRevisionId" FROM "Chapter" c
    JOIN "StoryMember" me ON me."storyId" = c."storyId" AND me."userId" = ${userId} AND me."role" IN ('owner', 'coauthor')
    WHERE TRUE ${story} ${chapter}`;
  const notEditor = Prisma.sql`NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" = x."authorId" AND m."role" IN ('owner', 'coauthor'))`;
  const after = page?.after
    ? Prisma.sql`AND (x."createdAt", x.id) < (${page.after.at.toISOString()}::timestamp, ${page.after.id})`
    : Prisma.empty;
  const window = page ? Prisma.sql`ORDER BY x."createdAt" DESC, x.id DESC LIMIT ${page.limit}` : Prisma.empty;
  // Comments: by story (migration inbox_story_scan), or in the one chapter chosen.
  const editedStories = Prisma.sql`
    SELECT me."storyId" FROM "StoryMember" me
    WHERE me."userId" = ${userId} AND me."role" IN ('owner', 'coauthor') ${f.storyId ? Prisma.sql`AND me."storyId" = ${f.storyId}` : Prisma.empty}`;
  const commentsFrom = f.chapterId ? chapters : editedStories;
  // The story as a value when it is known, not only through the join: the planner then uses its
  // statistics for that story (a popular one has tens of thousands of comments) and reads the
  // index newest first, stopping after a page, instead of sorting every match of an "average" story.
  const commentsIn = f.chapterId
    ? Prisma.sql`x."chapterId" = c.id`
    : f.storyId
      ? Prisma.sql`x."storyId" = ${f.storyId}`
      : Prisma.sql`x."storyId" = c."storyId"`;
  const comments = Prisma.sql`
    SELECT y.* FROM (${commentsFrom}) c, LATERAL (
      SELECT 'comment' AS kind, x.id, x."createdAt", x."chapterId", x."authorId", x."revisionId", x."passageKey",
             (fs."userId" IS NOT NULL) AS seen
      FROM "InlineComment" x
      LEFT JOIN "FeedbackSeen" fs ON fs."userId" = ${userId} AND fs.kind = 'comment' AND fs."targetId" = x.id
      WHERE ${commentsIn} AND x.status = 'visible' AND x."betaRoundId" IS NULL AND ${notEditor} ${seen}
        ${f.type ? Prisma.sql`AND x.type = ${f.type}::"CommentType"` : Prisma.empty} ${commentPov} ${after}
      ${window}
    ) y`;
  const reviews = Prisma.sql`
    SELECT y.* FROM (${chapters}) c, LATERAL (
      SELECT 'review' AS kind, x.id, x."createdAt", x."chapterId", x."authorId", NULL::text AS "revisionId", NULL::text AS "passageKey",
             (fs."userId" IS NOT NULL) AS seen
      FROM "Review" x
      LEFT JOIN "FeedbackSeen" fs ON fs."userId" = ${userId} AND fs.kind = 'review' AND fs."targetId" = x.id
      WHERE x."chapterId" = c.id AND x.status = 'visible' AND ${notEditor} ${seen}
        ${f.verdict ? Prisma.sql`AND x.verdict = ${f.verdict}::"Verdict"` : Prisma.empty} ${reviewPov} ${after}
      ${window}
    ) y`;
  return [...(wantComments ? [comments] : []), ...(wantReviews ? [reviews] : [])];
}

export async function feedbackInbox(options: {
  db: Database;
  userId: string;
  filters?: InboxFilters;
  cursor?: string;
  limit?: number;
}): Promise<InboxPage> {
  const { db, userId, filters = {}, limit = 25 } = options;
  await checkScope(db, userId, filters);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const parts = feedbackSql(userId, filters, { limit: limit + 1, after });
  if (parts.length === 0) return { items: [], nextCursor: null, unread: 0 };
  const union = Prisma.join(parts, ' UNION ALL ');

  const [rows, unread] = await Promise.all([
    // Page first (only ids, times and keys), then fetch the details of those few rows.
    db.prisma.$queryRaw<Row[]>(Prisma.sql`
      SELECT f.kind, f.id, f."createdAt", c."storyId", s.slug, s.title AS "storyTitle", c.id AS "chapterId", c.title AS "chapterTitle",
             (SELECT count(*)::int FROM "Chapter" o WHERE o."storyId" = c."storyId" AND (o.position, o.id) <= (c.position, c.id)) AS "chapterNumber",
             u.username, u."displayName", COALESCE(ic.body, rv.body) AS body, ic.type::text AS type, rv.verdict::text AS verdict,
             f."passageKey", ic.quote, (ic."parentId" IS NOT NULL) AS "isReply", pov.name AS "povName", pov.color AS "povColor", f.seen
      FROM (
        SELECT * FROM (${union}) u
        ORDER BY u."createdAt" DESC, u.id DESC
        LIMIT ${limit + 1}
      ) f
      JOIN "Chapter" c ON c.id = f."chapterId"
      JOIN "Story" s ON s.id = c."storyId"
      JOIN "User" u ON u.id = f."authorId"
      LEFT JOIN "InlineComment" ic ON f.kind = 'comment' AND ic.id = f.id
      LEFT JOIN "Review" rv ON f.kind = 'review' AND rv.id = f.id
      LEFT JOIN LATERAL (
        SELECT pc.name, pc.color FROM "Passage" p
        JOIN "Segment" sg ON sg.id = p."segmentId" JOIN "PovCharacter" pc ON pc.id = sg."characterId"
        WHERE p."revisionId" = f."revisionId" AND p."key" = f."passageKey" LIMIT 1
      ) pov ON TRUE
      ORDER BY f."createdAt" DESC, f.id DESC
    `),
    countUnread(db, userId, { ...filters, seen: undefined }),
  ]);

  const items = rows.slice(0, limit).map<InboxItem>((r) => ({
    kind: r.kind,
    id: r.id,
    createdAt: r.createdAt,
    story: { id: r.storyId, slug: r.slug, title: r.storyTitle },
    chapter: { id: r.chapterId, title: r.chapterTitle, number: r.chapterNumber },
    author: { username: r.username, displayName: r.displayName },
    body: r.body,
    type: r.type,
    verdict: r.verdict,
    passageKey: r.passageKey,
    quote: r.quote,
    isReply: r.isReply,
    pov: r.povName ? { name: r.povName, color: r.povColor ?? '#888888' } : null,
    seen: r.seen,
  }));
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null;
  return { items, nextCursor, unread };
}

/**
 * Counting stops here: the unread count is the one figure read from the raw tables (it depends
 * on each author's own marks), so it is bounded; pages show "999+" above it.
 */
export const UNREAD_CAP = 999;

/** Unread feedback matching the filters (the read/unread filter itself is ignored), at most UNREAD_CAP + 1. */
export async function countUnread(db: Database, userId: string, filters: InboxFilters = {}): Promise<number> {
  const parts = feedbackSql(userId, { ...filters, seen: 'unread' });
  if (parts.length === 0) return 0;
  const [row] = await db.prisma.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM (${Prisma.join(parts, ' UNION ALL ')}) f LIMIT ${UNREAD_CAP + 1}) x`);
  return row?.n ?? 0;
}

export interface FeedbackRef {
  kind: FeedbackKind;
  id: string;
}

/**
 * Marks feedback read (or unread again) for the caller. Every item must be on a story the
 * caller edits; one that is not makes the whole call not_found, so ids cannot be probed.
 */
export async function markFeedback(options: {
  db: Database;
  userId: string;
  items: FeedbackRef[];
  seen: boolean;
  now: Date;
}): Promise<{ updated: number }> {
  const { db, userId, items, seen, now } = options;
  const commentIds = items.filter((i) => i.kind === 'comment').map((i) => i.id);
  const reviewIds = items.filter((i) => i.kind === 'review').map((i) => i.id);
  const editable = {
    story: { members: { some: { userId, role: { in: ['owner' as const, 'coauthor' as const] } } } },
  };
  const [comments, reviews] = await Promise.all([
    commentIds.length
      ? db.prisma.inlineComment.count({ where: { id: { in: commentIds }, chapter: editable } })
      : 0,
    reviewIds.length ? db.prisma.review.count({ where: { id: { in: reviewIds }, chapter: editable } }) : 0,
  ]);
  if (comments !== new Set(commentIds).size || reviews !== new Set(reviewIds).size)
    throw notFound('Feedback');
  if (seen) {
    const result = await db.prisma.feedbackSeen.createMany({
      data: items.map((i) => ({ userId, kind: i.kind, targetId: i.id, seenAt: now })),
      skipDuplicates: true,
    });
    return { updated: result.count };
  }
  const result = await db.prisma.feedbackSeen.deleteMany({
    where: { userId, OR: items.map((i) => ({ kind: i.kind, targetId: i.id })) },
  });
  return { updated: result.count };
}

/** Marks everything matching the filters as read, in one statement. */
export async function markAllSeen(options: {
  db: Database;
  userId: string;
  filters?: InboxFilters;
  now: Date;
}): Promise<{ updated: number }> {
  const { db, userId, filters = {}, now } = options;
  await checkScope(db, userId, filters);
  const parts = feedbackSql(userId, { ...filters, seen: 'unread' });
  if (parts.length === 0) return { updated: 0 };
  const updated = await db.prisma.$executeRaw(Prisma.sql`
    INSERT INTO "FeedbackSeen" ("userId", kind, "targetId", "seenAt")
    SELECT ${userId}, f.kind::"FeedbackKind", f.id, ${now.toISOString()}::timestamp FROM (${Prisma.join(parts, ' UNION ALL ')}) f
    ON CONFLICT DO NOTHING`);
  return { updated };
}
