// Who may see and do what. The rule that shapes every answer: what a caller may not see does
// not exist for them (not_found); forbidden is only for things they can see but not change.
import { Prisma } from '@margins/db';
import { ServiceError, notFound } from '../errors';

export type MemberRole = 'owner' | 'coauthor' | 'beta';
/** A client or a transaction: helpers run inside $transaction as well. */
export type Db = Prisma.TransactionClient;

export const OWNER: readonly MemberRole[] = ['owner'];
export const EDITORS: readonly MemberRole[] = ['owner', 'coauthor'];
export const MEMBERS: readonly MemberRole[] = ['owner', 'coauthor', 'beta'];

export interface StoryRef {
  id: string;
  slug: string;
  title: string;
  visibility: 'public' | 'private';
  publishedAt: Date | null;
  /** Withheld by the site's admins (or its owner suspended): members only (docs/admin.md). */
  hiddenAt: Date | null;
}

export interface StoryAccess {
  story: StoryRef;
  /** The caller's role, or null for readers and anonymous visitors. */
  role: MemberRole | null;
}

/** A story as every access answer names it (StoryRef). */
export const storyRefSelect = {
  id: true,
  slug: true,
  title: true,
  visibility: true,
  publishedAt: true,
  hiddenAt: true,
} as const;

/**
 * A story is public once its owner has published it, unless the site's admins withhold it. The
 * one rule every reader-facing check goes through (its SQL twin: story-filter.ts, visibleStorySql).
 */
export function isStoryPublic(story: Pick<StoryRef, 'visibility' | 'publishedAt' | 'hiddenAt'>): boolean {
  return story.visibility === 'public' && story.publishedAt !== null && story.hiddenAt === null;
}

export interface ChapterState {
  status: 'draft' | 'scheduled' | 'published';
  publishAt: Date | null;
  publishedRevisionId: string | null;
}

/** Published, or scheduled with its time come: checked at read time, so no job has to run. */
export function isChapterLive(chapter: ChapterState, now: Date): boolean {
  if (!chapter.publishedRevisionId) return false;
  if (chapter.status === 'published') return true;
  return chapter.status === 'scheduled' && chapter.publishAt !== null && chapter.publishAt <= now;
}

/**
 * The reading rule, for every route that serves a chapter (pages, procedures, live streams):
 * members read every chapter of their story; everyone else the live chapters of a public story.
 */
export function mayReadChapter(
  role: MemberRole | null,
  story: Pick<StoryRef, 'visibility' | 'publishedAt' | 'hiddenAt'>,
  chapter: ChapterState,
  now: Date,
): boolean {
  return role !== null || (isStoryPublic(story) && isChapterLive(chapter, now));
}

async function roleOf(db: Db, storyId: string, userId: string | null): Promise<MemberRole | null> {
  if (!userId) return null;
  const member = await db.storyMember.findUnique({
    where: { storyId_userId: { storyId, userId } },
    select: { role: true },
  });
  return member?.role ?? null;
}

/** The story (by id or slug) as the caller may see it; not_found when they may not. */
export async function requireStoryVisible(options: {
  db: Db;
  storyId?: string;
  slug?: string;
  userId: string | null;
}): Promise<StoryAccess> {
  const { db, userId } = options;
  const where = options.storyId !== undefined ? { id: options.storyId } : { slug: options.slug ?? '' };
  const story = await db.story.findUnique({ where, select: storyRefSelect });
  if (!story) throw notFound('Story');
  const role = await roleOf(db, story.id, userId);
  if (!role && !isStoryPublic(story)) throw notFound('Story');
  return { story, role };
}

/** The caller must hold one of `roles` on a story they can see. */
export async function requireStoryRole(options: {
  db: Db;
  storyId: string;
  userId: string;
  roles: readonly MemberRole[];
}): Promise<StoryAccess> {
  const access = await requireStoryVisible(options);
  if (!access.role || !options.roles.includes(access.role)) {
    throw new ServiceError(
      'forbidden',
      access.role ? `A ${roleName(access.role)} cannot do this.` : 'Only the story’s authors can do this.',
    );
  }
  return access;
}

export interface ChapterAccess extends StoryAccess {
  chapter: {
    id: string;
    storyId: string;
    title: string;
    position: number;
    status: 'draft' | 'scheduled' | 'published';
    publishAt: Date | null;
    publishedAt: Date | null;
    currentRevisionId: string | null;
    publishedRevisionId: string | null;
  };
  /** Whether readers can see the chapter right now. */
  live: boolean;
  /**
   * The story's and the users' content versions ("story.users"), which triggers bump with every
   * write a reader sees (content_versions migration): the key for reads cached per instance.
   */
  contentVersion: string;
}

/** SQL for the content version ("story.users") of the story whose id is `storyId`. */
export function contentVersionOf(storyId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(coalesce((SELECT v.version FROM "ContentVersion" v WHERE v.key = ${storyId}), 0)::text || '.' ||
    coalesce((SELECT v.version FROM "ContentVersion" v WHERE v.key = 'users'), 0)::text)`;
}

interface ChapterAccessRow {
  id: string;
  storyId: string;
  title: string;
  position: number;
  status: ChapterAccess['chapter']['status'];
  publishAt: Date | null;
  publishedAt: Date | null;
  currentRevisionId: string | null;
  publishedRevisionId: string | null;
  storySlug: string;
  storyTitle: string;
  storyVisibility: StoryRef['visibility'];
  storyPublishedAt: Date | null;
  storyHiddenAt: Date | null;
  role: MemberRole | null;
  contentVersion: string;
}

/**
 * The chapter as the caller may see it: members see every chapter, others only live ones.
 * One query (chapter, story and the caller's role): every chapter request starts here.
 */
export async function requireChapterVisible(options: {
  db: Db;
  chapterId: string;
  userId: string | null;
  now: Date;
}): Promise<ChapterAccess> {
  const { db, chapterId, userId, now } = options;
  const [row] = await db.$queryRaw<ChapterAccessRow[]>`
    SELECT c.id, c."storyId", c.title, c.position, c.status::text AS status, c."publishAt", c."publishedAt",
           c."currentRevisionId", c."publishedRevisionId",
           s.slug AS "storySlug", s.title AS "storyTitle", s.visibility::text AS "storyVisibility", s."publishedAt" AS "storyPublishedAt",
           s."hiddenAt" AS "storyHiddenAt",
           (SELECT m.role::text FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" = ${userId}) AS role,
           ${contentVersionOf(Prisma.sql`c."storyId"`)} AS "contentVersion"
      FROM "Chapter" c JOIN "Story" s ON s.id = c."storyId"
     WHERE c.id = ${chapterId}`;
  if (!row) throw notFound('Chapter');
  const story: StoryRef = {
    id: row.storyId,
    slug: row.storySlug,
    title: row.storyTitle,
    visibility: row.storyVisibility,
    publishedAt: row.storyPublishedAt,
    hiddenAt: row.storyHiddenAt,
  };
  const chapter: ChapterAccess['chapter'] = {
    id: row.id,
    storyId: row.storyId,
    title: row.title,
    position: row.position,
    status: row.status,
    publishAt: row.publishAt,
    publishedAt: row.publishedAt,
    currentRevisionId: row.currentRevisionId,
    publishedRevisionId: row.publishedRevisionId,
  };
  const role = userId === null ? null : row.role;
  const live = isChapterLive(chapter, now);
  if (!mayReadChapter(role, story, chapter, now)) throw notFound('Chapter');
  return { story, role, chapter, live, contentVersion: row.contentVersion };
}

export async function requireChapterRole(options: {
  db: Db;
  chapterId: string;
  userId: string;
  now: Date;
  roles: readonly MemberRole[];
}): Promise<ChapterAccess> {
  const access = await requireChapterVisible(options);
  if (!access.role || !options.roles.includes(access.role)) {
    throw new ServiceError(
      'forbidden',
      access.role ? `A ${roleName(access.role)} cannot do this.` : 'Only the story’s authors can do this.',
    );
  }
  return access;
}

export function roleName(role: MemberRole): string {
  return role === 'coauthor' ? 'co-author' : role === 'beta' ? 'beta reader' : 'owner';
}

// ── Comments ─────────────────────────────────────────────────────────────────────────────────
// Who sees which inline comment.
//   private notes: the story's side (owner, co-authors, beta readers) and their author;
//   pending (awaiting approval): their author and the story's editors;
//   hidden by a moderator: their author and the story's editors;
//   deleted: nobody (a thread whose root is gone shows "[deleted]" while it has replies);
//   written by an account the site's admins suspended: its author only, until it is restored
//     (a placeholder while it keeps a thread alive, like a hidden comment; docs/admin.md);
//   beta-round feedback (betaRoundId set): none of the public comment procedures, for anyone —
//   it is read through beta.* and feedback.* only (services/access.ts, "Beta rounds").

export interface Viewer {
  userId: string | null;
  role: MemberRole | null;
}

export interface CommentVisibilityFields {
  authorId: string;
  visibility: 'public' | 'private';
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  /** Required, so every caller selects it: round feedback never shows through comment.*. */
  betaRoundId: string | null;
  /** Its author's account is suspended. Required for the same reason (docs/admin.md). */
  authorSuspended: boolean;
}

/** Added to a Prisma select of a comment, then `withAuthorSuspended` gives commentDisplay its field. */
export const authorSuspendedSelect = { author: { select: { suspendedAt: true } } } as const;

export function withAuthorSuspended<T extends { author: { suspendedAt: Date | null } }>(
  row: T,
): Omit<T, 'author'> & { authorSuspended: boolean } {
  const { author, ...rest } = row;
  return { ...rest, authorSuspended: author.suspendedAt !== null };
}

export const isEditor = (role: MemberRole | null): boolean => role !== null && EDITORS.includes(role);

/** 'show' = in full; 'placeholder' = as "[deleted]"/"[hidden]" when it keeps a thread alive; 'none'. */
export function commentDisplay(c: CommentVisibilityFields, viewer: Viewer): 'show' | 'placeholder' | 'none' {
  if (c.betaRoundId !== null) return 'none';
  const mine = viewer.userId !== null && c.authorId === viewer.userId;
  if (c.visibility === 'private' && !mine && viewer.role === null) return 'none';
  if (c.authorSuspended && !mine) return c.status === 'pending' ? 'none' : 'placeholder';
  switch (c.status) {
    case 'visible':
      return 'show';
    case 'pending':
      return mine || isEditor(viewer.role) ? 'show' : 'none';
    case 'hidden':
      return mine || isEditor(viewer.role) ? 'show' : 'placeholder';
    case 'deleted':
      return 'placeholder';
  }
}

const commentSelect = {
  id: true,
  chapterId: true,
  authorId: true,
  parentId: true,
  revisionId: true,
  passageKey: true,
  quote: true,
  prefix: true,
  suffix: true,
  startOffset: true,
  endOffset: true,
  body: true,
  type: true,
  visibility: true,
  status: true,
  frozen: true,
  betaRoundId: true,
} as const;

/** The comment and its chapter as the caller may see them; not_found when they may not. */
export async function requireCommentVisible(options: {
  db: Db;
  commentId: string;
  userId: string | null;
  now: Date;
}) {
  const { db, commentId, userId, now } = options;
  const row = await db.inlineComment.findUnique({
    where: { id: commentId },
    select: { ...commentSelect, ...authorSuspendedSelect },
  });
  if (!row) throw notFound('Comment');
  const comment = withAuthorSuspended(row);
  const access = await requireChapterVisible({ db, chapterId: comment.chapterId, userId, now });
  if (commentDisplay(comment, { userId, role: access.role }) !== 'show') throw notFound('Comment');
  return { comment, access };
}

/** The story's editors moderate; readers who can see the comment get forbidden. */
export function requireEditor(access: ChapterAccess): void {
  if (!isEditor(access.role))
    throw new ServiceError('forbidden', 'Only the story’s authors can moderate comments and reviews.');
}

/** A user the story's owner blocked cannot comment on or review any of the owner's stories. */
export async function assertNotBlocked(db: Db, storyId: string, userId: string): Promise<void> {
  const block = await db.userBlock.findFirst({
    where: { blockedId: userId, blocker: { memberships: { some: { storyId, role: 'owner' } } } },
    select: { blockerId: true },
  });
  if (block)
    throw new ServiceError(
      'forbidden',
      'The author of this story has blocked you from commenting on and reviewing their stories.',
    );
}

/** Which revision a caller reads: readers the published one; members the draft unless asked. */
export function revisionFor(
  access: ChapterAccess,
  wanted?: 'published' | 'current',
): { id: string; which: 'published' | 'current' } {
  const { chapter, role, live } = access;
  const current = chapter.currentRevisionId;
  const published = live ? chapter.publishedRevisionId : null;
  let id: string | null;
  let which: 'published' | 'current';
  if (role === null) [id, which] = [chapter.publishedRevisionId, 'published'];
  else if (wanted === 'current' || (wanted === undefined && !published)) [id, which] = [current, 'current'];
  else
    [id, which] = [
      chapter.publishedRevisionId ?? current,
      chapter.publishedRevisionId ? 'published' : 'current',
    ];
  if (!id) throw new ServiceError('not_found', 'This chapter has no text yet.');
  return { id, which };
}

// ── Dashboards ───────────────────────────────────────────────────────────────────────────────
// Who may see a dashboard: the story's editors (owner and co-authors). For everyone else,
// beta readers included, a story's dashboard does not exist: not_found, never forbidden.

export interface DashboardStory {
  id: string;
  slug: string;
  title: string;
  role: 'owner' | 'coauthor';
}

export async function requireDashboardStory(options: {
  db: Db;
  storyId: string;
  userId: string;
}): Promise<DashboardStory> {
  const { db, storyId, userId } = options;
  const member = await db.storyMember.findUnique({
    where: { storyId_userId: { storyId, userId } },
    select: { role: true, story: { select: { id: true, slug: true, title: true } } },
  });
  if (!member || member.role === 'beta') throw notFound('Story');
  return { ...member.story, role: member.role };
}

export interface DashboardChapter {
  id: string;
  storyId: string;
  title: string;
  position: number;
  status: 'draft' | 'scheduled' | 'published';
  publishAt: Date | null;
  publishedRevisionId: string | null;
  currentRevisionId: string | null;
}

export async function requireDashboardChapter(options: {
  db: Db;
  chapterId: string;
  userId: string;
}): Promise<{ story: DashboardStory; chapter: DashboardChapter }> {
  const { db, chapterId, userId } = options;
  const chapter = await db.chapter.findUnique({
    where: { id: chapterId },
    select: {
      id: true,
      storyId: true,
      title: true,
      position: true,
      status: true,
      publishAt: true,
      publishedRevisionId: true,
      currentRevisionId: true,
    },
  });
  if (!chapter) throw notFound('Chapter');
  try {
    const story = await requireDashboardStory({ db, storyId: chapter.storyId, userId });
    return { story, chapter };
  } catch {
    throw notFound('Chapter');
  }
}

// ── Beta rounds ──────────────────────────────────────────────────────────────────────────────
// Who may see a beta round. A round exists only for the story's editors (owner, co-authors) and
// the readers invited to it: for everyone else — readers, story beta members not invited, the
// readers of other rounds — every round procedure answers not_found, never forbidden.
//
// An invite grants access to the round's revision only, not to the story: the invited reader
// need not be a StoryMember, and the round never makes them one.

export interface RoundAccess {
  round: {
    id: string;
    chapterId: string;
    revisionId: string;
    status: 'open' | 'closed';
    createdAt: Date;
    closedAt: Date | null;
  };
  chapter: { id: string; title: string; storyId: string; currentRevisionId: string | null };
  story: StoryRef;
  /** The caller's role on the story (null for invited readers who are not members). */
  role: MemberRole | null;
  editor: boolean;
  /** The caller holds an active invite to this round. */
  invited: boolean;
}

/** An invite that currently grants access: bound to the user and not revoked. */
export const activeInvite = (userId: string) => ({ userId, revokedAt: null });

export async function roundAccessOf(
  db: Db,
  roundId: string,
  userId: string | null,
): Promise<RoundAccess | null> {
  if (!userId) return null;
  const row = await db.betaRound.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      chapterId: true,
      revisionId: true,
      status: true,
      createdAt: true,
      closedAt: true,
      chapter: {
        select: {
          id: true,
          title: true,
          storyId: true,
          currentRevisionId: true,
          story: {
            select: storyRefSelect,
          },
        },
      },
    },
  });
  if (!row) return null;
  const { chapter, ...round } = row;
  const { story, ...chapterRest } = chapter;
  const [member, invite] = await Promise.all([
    db.storyMember.findUnique({
      where: { storyId_userId: { storyId: story.id, userId } },
      select: { role: true },
    }),
    db.betaInvite.findFirst({ where: { roundId, ...activeInvite(userId) }, select: { id: true } }),
  ]);
  const role = member?.role ?? null;
  const editor = role !== null && EDITORS.includes(role);
  if (!editor && !invite) return null;
  return { round, chapter: chapterRest, story, role, editor, invited: invite !== null };
}

/** The round as an editor or an invited reader sees it; not_found for everyone else. */
export async function requireRoundVisible(options: {
  db: Db;
  roundId: string;
  userId: string | null;
}): Promise<RoundAccess> {
  const access = await roundAccessOf(options.db, options.roundId, options.userId);
  if (!access) throw notFound('Beta round');
  return access;
}

/** Editors only; an invited reader can see the round but not run it. */
export async function requireRoundEditor(options: {
  db: Db;
  roundId: string;
  userId: string;
}): Promise<RoundAccess> {
  const access = await requireRoundVisible(options);
  if (!access.editor) throw new ServiceError('forbidden', 'Only the story’s authors can run a beta round.');
  return access;
}

/** Invited readers give feedback while the round is open. */
export async function requireRoundReader(options: {
  db: Db;
  roundId: string;
  userId: string;
}): Promise<RoundAccess> {
  const access = await requireRoundVisible(options);
  if (!access.invited)
    throw new ServiceError(
      'forbidden',
      'Only the beta readers invited to this round can give feedback in it.',
    );
  if (access.round.status !== 'open') throw new ServiceError('forbidden', 'This beta round is closed.');
  return access;
}

// ── Series ───────────────────────────────────────────────────────────────────────────────────
// Who may see and change a series. A series is its owner's; readers see it through its parts:
// one they may read makes the series exist for them, and the parts they may not read (private
// or unpublished stories) are never listed, numbered or counted.

/** Public stories only: what readers, search and browse may list. */
export const publicStoryWhere = {
  visibility: 'public',
  publishedAt: { not: null },
  hiddenAt: null,
} satisfies Prisma.StoryWhereInput;

/** Stories the caller may read: public ones, and their own (any role) when signed in. */
export function readableStoryWhere(userId: string | null): Prisma.StoryWhereInput {
  return userId ? { OR: [publicStoryWhere, { members: { some: { userId } } }] } : publicStoryWhere;
}

/**
 * The series for a change by its owner, locked: the UPDATE holds its row until the transaction
 * ends, so two edits of one series (two "add at the end") take turns and positions stay 1..n.
 * Others get not_found, or forbidden when they can see the series.
 */
export async function requireSeriesOwner(tx: Db, seriesId: string, userId: string, now: Date) {
  const series = await requireSeriesVisible(tx, seriesId, userId);
  if (series.ownerId !== userId)
    throw new ServiceError('forbidden', 'Only the series’ author can change it.');
  await tx.series.update({ where: { id: seriesId }, data: { updatedAt: now } });
  return { id: series.id, ownerId: series.ownerId };
}

/** The series as a reader may see it: its owner always, others once one part is readable. */
export async function requireSeriesVisible(tx: Db, seriesId: string, userId: string | null) {
  const series = await tx.series.findUnique({
    where: { id: seriesId },
    select: {
      id: true,
      ownerId: true,
      title: true,
      summary: true,
      createdAt: true,
      updatedAt: true,
      owner: { select: { username: true, displayName: true } },
    },
  });
  if (!series) throw notFound('Series');
  if (series.ownerId !== userId) {
    const seen = await tx.seriesPart.count({ where: { seriesId, story: readableStoryWhere(userId) } });
    if (seen === 0) throw notFound('Series');
  }
  return series;
}
