import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { requireChapterVisible, requireStoryVisible, isChapterLive, isEditor } from '../access';
import { guestVerdictCounts, type VerdictCounts } from '../guest/guest-verdict';
import type { Verdict } from './upsert-review';

/** Reviews of suspended accounts are withheld from everyone but their author (docs/admin.md). */
function shownAuthors(userId: string | null) {
  return {
    OR: [{ author: { suspendedAt: null } }, ...(userId ? [{ authorId: userId }] : [])],
  };
}

export interface ReviewView {
  id: string;
  author: { id: string; username: string; displayName: string | null };
  verdict: Verdict;
  pacing: number | null;
  characters: number | null;
  povClarity: number | null;
  prose: number | null;
  body: string;
  authorReply: string | null;
  authorReplyAt: Date | null;
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const select = {
  id: true,
  authorId: true,
  verdict: true,
  pacing: true,
  characters: true,
  povClarity: true,
  prose: true,
  body: true,
  authorReply: true,
  authorReplyAt: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { id: true, username: true, displayName: true } },
} as const;

function toView(r: { authorId: string } & Omit<ReviewView, 'mine'>, userId: string | null): ReviewView {
  const { authorId, ...rest } = r;
  return { ...rest, mine: userId !== null && authorId === userId };
}

/** Visible reviews of a chapter, newest first; editors also see hidden ones (to unhide them). */
export async function listReviews(options: {
  db: Database;
  userId: string | null;
  chapterId: string;
  now: Date;
}): Promise<{
  reviews: ReviewView[];
  yay: number;
  nay: number;
  guests: VerdictCounts;
  guestVerdicts: boolean;
  /** Guests may comment (held for approval): read here with the verdict switch, one query for both. */
  guestComments: boolean;
}> {
  const { db, userId, chapterId, now } = options;
  const { role, story } = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const [rows, guests, settings] = await Promise.all([
    db.prisma.review.findMany({
      where: {
        chapterId,
        status: isEditor(role) ? { in: ['visible', 'hidden'] } : 'visible',
        ...shownAuthors(userId),
      },
      orderBy: { createdAt: 'desc' },
      select,
    }),
    guestVerdictCounts(db, [chapterId]),
    db.prisma.story.findUniqueOrThrow({
      where: { id: story.id },
      select: { guestVerdicts: true, guestComments: true },
    }),
  ]);
  const visible = rows.filter((r) => r.status === 'visible');
  return {
    reviews: rows.map((r) => toView(r, userId)),
    yay: visible.filter((r) => r.verdict === 'yay').length,
    nay: visible.filter((r) => r.verdict === 'nay').length,
    // Readers without an account (guest/guest-verdict.ts), counted apart; the page adds them up.
    guests: guests.get(chapterId) ?? { yay: 0, nay: 0 },
    guestVerdicts: settings.guestVerdicts,
    guestComments: settings.guestComments,
  };
}

export async function myReview(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<ReviewView | null> {
  const { db, userId, chapterId, now } = options;
  await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const row = await db.prisma.review.findUnique({
    where: { chapterId_authorId: { chapterId, authorId: userId } },
    select,
  });
  return row && row.status !== 'deleted' ? toView(row, userId) : null;
}

type Aspect = 'pacing' | 'characters' | 'povClarity' | 'prose';

export interface StoryReviewSummary {
  story: { id: string; slug: string; title: string };
  chapters: { id: string; title: string; number: number; yay: number; nay: number; reviews: number }[];
  total: {
    yay: number;
    nay: number;
    reviews: number;
    /** yay / reviews, null without reviews. */ yayShare: number | null;
  };
  /** Averages over visible reviews that rated the aspect; null when none did. */
  aspects: Record<Aspect, number | null>;
}

/** Verdict counts per chapter the caller can see, the story's yay share and aspect averages. */
export async function storyReviewSummary(options: {
  db: Database;
  userId: string | null;
  storyId?: string;
  slug?: string;
  now: Date;
}): Promise<StoryReviewSummary> {
  const { db, userId, now } = options;
  if (options.storyId === undefined && options.slug === undefined) throw notFound('Story');
  const { story, role } = await requireStoryVisible({
    db: db.prisma,
    userId,
    ...(options.storyId !== undefined ? { storyId: options.storyId } : { slug: options.slug! }),
  });
  const chapters = (
    await db.prisma.chapter.findMany({
      where: { storyId: story.id },
      orderBy: { position: 'asc' },
      select: { id: true, title: true, status: true, publishAt: true, publishedRevisionId: true },
    })
  ).filter((c) => role !== null || isChapterLive(c, now));
  const ids = chapters.map((c) => c.id);
  const where = { chapterId: { in: ids }, status: 'visible', ...shownAuthors(null) } as const;
  const [counts, averages] = await Promise.all([
    db.prisma.review.groupBy({ by: ['chapterId', 'verdict'], where, _count: { _all: true } }),
    db.prisma.review.aggregate({
      where,
      _avg: { pacing: true, characters: true, povClarity: true, prose: true },
    }),
  ]);
  const count = (chapterId: string, verdict: Verdict) =>
    counts.find((c) => c.chapterId === chapterId && c.verdict === verdict)?._count._all ?? 0;
  const perChapter = chapters.map((c, i) => {
    const yay = count(c.id, 'yay');
    const nay = count(c.id, 'nay');
    return { id: c.id, title: c.title, number: i + 1, yay, nay, reviews: yay + nay };
  });
  const yay = perChapter.reduce((n, c) => n + c.yay, 0);
  const nay = perChapter.reduce((n, c) => n + c.nay, 0);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  return {
    story: { id: story.id, slug: story.slug, title: story.title },
    chapters: perChapter,
    total: { yay, nay, reviews: yay + nay, yayShare: yay + nay === 0 ? null : yay / (yay + nay) },
    aspects: {
      pacing: round(averages._avg.pacing),
      characters: round(averages._avg.characters),
      povClarity: round(averages._avg.povClarity),
      prose: round(averages._avg.prose),
    },
  };
}
