// Every chapter page starts with its story's table of contents, so it must be cheap: one query
// (the story by address, the caller's role, the story's content version and how many scheduled
// chapters have come due), then the story and its chapters from this instance's copy while that
// version is unchanged. The copy is the same for every reader (members get theirs, with drafts);
// only the caller's role is added per request.
import { type Database, Prisma } from '@margins/db';
import {
  contentVersionOf,
  isChapterLive,
  isStoryPublic,
  requireStoryVisible,
  type MemberRole,
} from '../access';
import { notFound } from '../../errors';
import { ReadCache } from '../read-cache';
import { getStoryBySlug, getStoryForMember, type StoryDetail } from '../story/get-story';

export interface TocEntry {
  id: string;
  number: number;
  title: string;
  status: 'draft' | 'scheduled' | 'published';
  live: boolean;
  publishedAt: Date | null;
  publishAt: Date | null;
  wordCount: number;
  /** POV characters narrating the chapter, in the story's order. */
  povs: string[];
}

export interface TableOfContents {
  story: StoryDetail;
  chapters: TocEntry[];
}

interface AccessRow {
  id: string;
  visibility: 'public' | 'private';
  publishedAt: Date | null;
  hiddenAt: Date | null;
  role: MemberRole | null;
  version: string;
  due: number;
}

/** Per story and audience (members, readers): a story's chapter list is small, so count entries. */
const contents = new ReadCache<TableOfContents>({ entries: 2000 });

/** Empties this instance's copies for `db` (tests and benchmarks count a first read). */
export function forgetCachedContents(db: Database): void {
  contents.forget(db);
}

/** The story and the chapters the caller can see: live ones for readers, all for members. */
export async function tableOfContents(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
}): Promise<TableOfContents> {
  const { db, userId, slug, now } = options;
  const [row] = await db.prisma.$queryRaw<AccessRow[]>(Prisma.sql`
    SELECT s.id, s.visibility::text AS visibility, s."publishedAt", s."hiddenAt",
           (SELECT m.role::text FROM "StoryMember" m WHERE m."storyId" = s.id AND m."userId" = ${userId}) AS role,
           ${contentVersionOf(Prisma.sql`s.id`)} AS version,
           (SELECT count(*)::int FROM "Chapter" c WHERE c."storyId" = s.id AND c.status = 'scheduled' AND c."publishAt" <= ${now}) AS due
      FROM "Story" s
     WHERE s.slug = ${slug}`);
  const role = userId === null ? null : (row?.role ?? null);
  if (!row || (!role && !isStoryPublic(row))) throw notFound('Story');
  // Time changes what readers see without a write (a scheduled chapter comes due): counted in the version.
  const member = role !== null;
  const toc = await contents.get(
    db,
    `${row.id}:${member ? 'member' : 'reader'}`,
    `${row.version}.${row.due}`,
    () => loadTableOfContents({ db, userId, slug, now, member }),
  );
  return { story: { ...toc.story, myRole: role }, chapters: toc.chapters };
}

/** The uncached read: the story's detail, its chapters and who narrates each. */
async function loadTableOfContents(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
  member: boolean;
}): Promise<TableOfContents> {
  return contentsOf(options.db, await getStoryBySlug(options), options.now, options.member);
}

/** The same by the story's id, for its members (every chapter, drafts too): the authoring pages. */
export async function storyContentsForMember(options: {
  db: Database;
  userId: string;
  storyId: string;
  now: Date;
}): Promise<TableOfContents> {
  return contentsOf(options.db, await getStoryForMember(options), options.now);
}

/**
 * The id of chapter `number` as the caller numbers it (the table of contents: readers count live
 * chapters only, members every chapter): one row read, not the whole table of contents.
 */
export async function chapterIdAt(options: {
  db: Database;
  userId: string | null;
  slug: string;
  number: number;
  now: Date;
}): Promise<{ chapterId: string }> {
  const { db, userId, slug, number, now } = options;
  const { story, role } = await requireStoryVisible({ db: db.prisma, slug, userId });
  // isChapterLive, as a filter: published, or scheduled with its time come, with a published text.
  const live: Prisma.ChapterWhereInput = {
    publishedRevisionId: { not: null },
    OR: [{ status: 'published' }, { status: 'scheduled', publishAt: { lte: now } }],
  };
  const row = await db.prisma.chapter.findFirst({
    where: { storyId: story.id, ...(role === null ? live : {}) },
    orderBy: { position: 'asc' },
    skip: number - 1,
    select: { id: true },
  });
  if (!row) throw notFound('Chapter');
  return { chapterId: row.id };
}

async function contentsOf(
  db: Database,
  story: StoryDetail,
  now: Date,
  member = story.myRole !== null,
): Promise<TableOfContents> {
  const rows = await db.prisma.chapter.findMany({
    where: { storyId: story.id },
    orderBy: { position: 'asc' },
    select: {
      id: true,
      title: true,
      status: true,
      publishAt: true,
      publishedAt: true,
      currentRevisionId: true,
      publishedRevisionId: true,
      currentRevision: { select: { wordCount: true } },
      publishedRevision: { select: { wordCount: true } },
    },
  });
  const chapters = rows.map((c) => ({ ...c, live: isChapterLive(c, now) })).filter((c) => member || c.live);
  const revisionOf = (c: (typeof chapters)[number]) => (c.live ? c.publishedRevisionId : c.currentRevisionId);
  const ids = chapters.map(revisionOf).filter((id): id is string => id !== null);
  const narrated = await db.prisma.segment.findMany({
    where: { revisionId: { in: ids }, characterId: { not: null } },
    distinct: ['revisionId', 'characterId'],
    select: { revisionId: true, characterId: true },
  });
  const order = new Map(story.povCharacters.map((c, i) => [c.id, i]));
  const names = new Map(story.povCharacters.map((c) => [c.id, c.name]));
  return {
    story,
    chapters: chapters.map((c, i) => ({
      id: c.id,
      number: i + 1,
      title: c.title,
      status: member ? c.status : 'published',
      live: c.live,
      publishedAt: c.live ? c.publishedAt : null,
      publishAt: member ? c.publishAt : null,
      wordCount: (c.live ? c.publishedRevision?.wordCount : c.currentRevision?.wordCount) ?? 0,
      povs: narrated
        .filter((s) => s.revisionId === revisionOf(c) && s.characterId)
        .sort((a, b) => (order.get(a.characterId ?? '') ?? 0) - (order.get(b.characterId ?? '') ?? 0))
        .map((s) => names.get(s.characterId ?? '') ?? ''),
    })),
  };
}
