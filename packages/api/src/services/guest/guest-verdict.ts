// Verdicts from readers without an account (docs/reading.md, "Verdicts"): one per chapter per
// browser, changeable from that browser, limited per address per day, and only where the story's
// author allows them. Members' verdicts are reviews (review/upsert-review.ts).
import { type Database, newId } from '@margins/db';
import { createRateLimiter, type RateLimitRule } from '../../auth';
import { ServiceError } from '../../errors';
import { requireChapterVisible } from '../access';
import type { Verdict } from '../review/upsert-review';
import { browserKey, readerHash } from './reader-salt';
import { setStorySwitch } from '../story/story-switches';

/** A household or a library shares an address; a script does not get further than this. */
export const GUEST_VERDICT_LIMITS: (RateLimitRule & { name: string })[] = [
  { name: 'minute', limit: 20, windowSeconds: 60 },
  { name: 'day', limit: 200, windowSeconds: 86_400 },
];

export const GUEST_VERDICTS_OFF = 'The author takes verdicts from signed-in readers only on this story.';

export interface GuestVerdictResult {
  verdict: Verdict;
  /** false when this browser had already given the same verdict: nothing was counted twice. */
  changed: boolean;
}

export async function giveGuestVerdict(options: {
  db: Database;
  chapterId: string;
  verdict: Verdict;
  /** The browser's random `margins_guest` cookie. */
  browserSecret: string;
  clientAddress: string;
  now: Date;
}): Promise<GuestVerdictResult> {
  const { db, chapterId, verdict, now } = options;
  const { story } = await requireChapterVisible({ db: db.prisma, chapterId, userId: null, now });
  const settings = await db.prisma.story.findUniqueOrThrow({
    where: { id: story.id },
    select: { guestVerdicts: true },
  });
  if (!settings.guestVerdicts) throw new ServiceError('forbidden', GUEST_VERDICTS_OFF);
  const key = browserKey(options.browserSecret, chapterId);
  const existing = await db.prisma.guestVerdict.findUnique({
    where: { chapterId_browserKey: { chapterId, browserKey: key } },
    select: { verdict: true },
  });
  // A second tap of the same button is a no-op, and costs nothing against the limit.
  if (existing?.verdict === verdict) return { verdict, changed: false };
  const limiter = createRateLimiter(db, { now: () => now });
  const address = await readerHash(db, now, options.clientAddress);
  for (const rule of GUEST_VERDICT_LIMITS) {
    const hit = await limiter.hit(`guest-verdict:${rule.name}:${address}`, rule);
    if (!hit.ok) {
      throw new ServiceError(
        'rate_limited',
        `Too many verdicts from your network; try again in ${hit.retryAfterSeconds} s, or sign in.`,
        {
          retryAfterSeconds: hit.retryAfterSeconds,
        },
      );
    }
  }
  // Two taps at once: the unique (chapter, browser) row settles it; one row either way.
  await db.prisma.guestVerdict.upsert({
    where: { chapterId_browserKey: { chapterId, browserKey: key } },
    create: { id: newId(), chapterId, browserKey: key, verdict, createdAt: now, updatedAt: now },
    update: { verdict, updatedAt: now },
  });
  return { verdict, changed: true };
}

/** This browser's verdict on a chapter, or null. */
export async function guestVerdictOf(options: {
  db: Database;
  chapterId: string;
  browserSecret: string;
}): Promise<Verdict | null> {
  const row = await options.db.prisma.guestVerdict.findUnique({
    where: {
      chapterId_browserKey: {
        chapterId: options.chapterId,
        browserKey: browserKey(options.browserSecret, options.chapterId),
      },
    },
    select: { verdict: true },
  });
  return row?.verdict ?? null;
}

export interface VerdictCounts {
  yay: number;
  nay: number;
}

/** Guests' verdicts per chapter of the given chapters (absent = none). */
export async function guestVerdictCounts(
  db: Database,
  chapterIds: string[],
): Promise<Map<string, VerdictCounts>> {
  const out = new Map<string, VerdictCounts>();
  if (chapterIds.length === 0) return out;
  const rows = await db.prisma.guestVerdict.groupBy({
    by: ['chapterId', 'verdict'],
    where: { chapterId: { in: chapterIds } },
    _count: { _all: true },
  });
  for (const r of rows) {
    const c = out.get(r.chapterId) ?? { yay: 0, nay: 0 };
    c[r.verdict] += r._count._all;
    out.set(r.chapterId, c);
  }
  return out;
}

/** The owner's switch: readers without an account may give verdicts on the story. */
export const setGuestVerdicts = (options: {
  db: Database;
  userId: string;
  storyId: string;
  enabled: boolean;
}) => setStorySwitch({ ...options, name: 'guestVerdicts' });
