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

const storyRefSelect = {
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
