// The whole work on one page, and "follow only <POV character>" across every chapter. Only what
// readers can read: the live chapters at their published revisions — for the story's members
// too (they read drafts chapter by chapter, never here), so a draft word never reaches this page.
// Texts come from the per-instance revision cache the chapter page uses.
import { type Database, Prisma } from '@margins/db';
import { ServiceError } from '../../errors';
import { isChapterLive } from '../access';
import type { SegmentView } from '../chapter/revision-segments';
import { getStoryBySlug, type StoryDetail } from '../story/get-story';
import { revisionText } from './revision-text';

export interface WorkReview {
  author: { username: string; displayName: string | null };
  verdict: 'yay' | 'nay';
  body: string;
  createdAt: Date;
}

export interface WorkChapter {
  id: string;
  /** The caller's chapter number (the one /s/<slug>/<n> takes). */
  number: number;
  title: string;
  publishedAt: Date | null;
  /** Words of the published revision (all of it, also when following one POV). */
  wordCount: number;
  /** In reading order; only the followed character's when following one. */
  segments: SegmentView[];
  /** Visible reviews: counts and the latest few. */
  reviews: { count: number; yay: number; nay: number; latest: WorkReview[] };
}

export interface WholeWork {
  story: StoryDetail;
  /** The character followed, or null for the whole text. */
  povOnly: { name: string; color: string } | null;
  /** Every live chapter in order; when following, those the character narrates nothing in have no segments. */
  chapters: WorkChapter[];
  /** Words on the page: the whole work, or the followed character's sections. */
  wordCount: number;
}

export const LATEST_REVIEWS_PER_CHAPTER = 3;

interface ReviewRow {
  chapterId: string;
  verdict: 'yay' | 'nay';
  body: string;
  createdAt: Date;
  username: string;
  displayName: string | null;
  total: number;
  yays: number;
}

/** Visible reviews per chapter: counts and the latest `LATEST_REVIEWS_PER_CHAPTER`, in one query. */
async function reviewSummaries(
  db: Database,
  chapterIds: string[],
): Promise<Map<string, WorkChapter['reviews']>> {
  const out = new Map<string, WorkChapter['reviews']>();
  if (!chapterIds.length) return out;
  const rows = await db.prisma.$queryRaw<ReviewRow[]>(Prisma.sql`
    SELECT x."chapterId", x.verdict, x.body, x."createdAt", x.username, x."displayName", x.total, x.yays
      FROM (SELECT r."chapterId", r.verdict::text AS verdict, r.body, r."createdAt", u.username, u."displayName",
                   row_number() OVER (PARTITION BY r."chapterId" ORDER BY r."createdAt" DESC, r.id) AS n,
                   (count(*) OVER (PARTITION BY r."chapterId"))::int AS total,
                   (count(*) FILTER (WHERE r.verdict = 'yay') OVER (PARTITION BY r."chapterId"))::int AS yays
              FROM "Review" r JOIN "User" u ON u.id = r."authorId"
             WHERE r."chapterId" IN (${Prisma.join(chapterIds)}) AND r.status = 'visible') x
     WHERE x.n <= ${LATEST_REVIEWS_PER_CHAPTER}
     ORDER BY x."chapterId", x.n`);
  for (const r of rows) {
    let summary = out.get(r.chapterId);
    if (!summary)
      out.set(r.chapterId, (summary = { count: r.total, yay: r.yays, nay: r.total - r.yays, latest: [] }));
    summary.latest.push({
      author: { username: r.username, displayName: r.displayName },
      verdict: r.verdict,
      body: r.body,
      createdAt: r.createdAt,
    });
  }
  return out;
}

export async function readWholeWork(options: {
  db: Database;
  userId: string | null;
  slug: string;
  povOnly?: string;
  now: Date;
}): Promise<WholeWork> {
  const { db, now } = options;
  const story = await getStoryBySlug(options);

  let followed: WholeWork['povOnly'] = null;
  if (options.povOnly !== undefined) {
    const needle = options.povOnly.trim().toLowerCase();
    const match = story.povCharacters.find((c) =>
      [c.name, ...c.aliases].some((n) => n.toLowerCase() === needle),
    );
    if (!match)
      throw new ServiceError('invalid', `This story has no POV character called “${options.povOnly}”.`, {
        fieldErrors: { povOnly: ['Unknown character.'] },
      });
    followed = { name: match.name, color: match.color };
  }

  const rows = await db.prisma.chapter.findMany({
    where: { storyId: story.id },
    orderBy: { position: 'asc' },
    select: {
      id: true,
      title: true,
      status: true,
      publishAt: true,
      publishedAt: true,
      publishedRevisionId: true,
    },
  });
  // Members number every chapter (drafts too), readers the live ones: the numbers their chapter links use.
  const numbered = rows
    .filter((c) => story.myRole !== null || isChapterLive(c, now))
    .map((c, i) => ({ ...c, number: i + 1 }));
  const live = numbered.filter((c) => isChapterLive(c, now));

  const povOf = new Map(story.povCharacters.map((c) => [c.id, { name: c.name, color: c.color }]));
  const [texts, reviews] = await Promise.all([
    Promise.all(live.map((c) => revisionText(db, c.publishedRevisionId as string))),
    reviewSummaries(
      db,
      live.map((c) => c.id),
    ),
  ]);

  let wordCount = 0;
  const chapters = live.map((c, i): WorkChapter => {
    const text = texts[i]!;
    const segments: SegmentView[] = text.segments
      .map((s) => ({
        position: s.position,
        pov: s.characterId === null ? null : (povOf.get(s.characterId) ?? null),
        wordCount: s.wordCount,
        passages: s.passages,
      }))
      .filter((s) => followed === null || s.pov?.name === followed.name);
    wordCount += followed === null ? text.revision.wordCount : segments.reduce((n, s) => n + s.wordCount, 0);
    return {
      id: c.id,
      number: c.number,
      title: c.title,
      publishedAt: c.publishedAt,
      wordCount: text.revision.wordCount,
      segments,
      reviews: reviews.get(c.id) ?? { count: 0, yay: 0, nay: 0, latest: [] },
    };
  });
  return { story, povOnly: followed, chapters, wordCount };
}
