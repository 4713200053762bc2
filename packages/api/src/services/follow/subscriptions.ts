// Subscriptions: a reader follows a story, an author or a series and hears of every new chapter
// (announce.ts). Ending one keeps the row (endedAt), so the dashboard can count subscribers
// over time; subscribing again reopens it.
import { newId, type Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { requireStoryVisible, type Db, requireDashboardStory } from '../access';
import { requireSeriesVisible } from '../access';
import { verifyUnsubscribeToken } from './unsubscribe-token';

export type SubscriptionTarget = { storyId: string } | { authorUsername: string } | { seriesId: string };
type Resolved = { storyId: string } | { authorId: string } | { seriesId: string };
export type MailFrequency = 'instant' | 'daily' | 'off';

async function resolveTarget(db: Db, userId: string, target: SubscriptionTarget): Promise<Resolved> {
  if ('seriesId' in target) {
    // A series exists for a reader once one of its parts is readable (access.ts, "Series").
    const series = await requireSeriesVisible(db, target.seriesId, userId);
    if (series.ownerId === userId)
      throw new ServiceError('invalid', 'You cannot subscribe to your own series.');
    return { seriesId: series.id };
  }
  if ('storyId' in target) {
    // Only a story the reader may see; what they may not see does not exist for them.
    const { story } = await requireStoryVisible({ db, storyId: target.storyId, userId });
    return { storyId: story.id };
  }
  const author = await db.user.findFirst({
    where: { username: { equals: target.authorUsername, mode: 'insensitive' } },
    select: { id: true },
  });
  if (!author) throw notFound('Author');
  if (author.id === userId) throw new ServiceError('invalid', 'You cannot subscribe to yourself.');
  return { authorId: author.id };
}

const whereOf = (userId: string, t: Resolved) =>
  'storyId' in t
    ? { userId_storyId: { userId, storyId: t.storyId } }
    : 'seriesId' in t
      ? { userId_seriesId: { userId, seriesId: t.seriesId } }
      : { userId_authorId: { userId, authorId: t.authorId } };

export async function subscribe(options: {
  db: Database;
  userId: string;
  target: SubscriptionTarget;
  now: Date;
}): Promise<{ subscribed: true }> {
  const { db, userId, now } = options;
  const t = await resolveTarget(db.prisma, userId, options.target);
  await db.prisma.subscription.upsert({
    where: whereOf(userId, t),
    create: { id: newId(), userId, ...t, createdAt: now },
    // Reopened: counted from now (the gap is not remembered).
    update: { endedAt: null, createdAt: now },
  });
  return { subscribed: true };
}

export async function unsubscribe(options: {
  db: Database;
  userId: string;
  target: SubscriptionTarget;
  now: Date;
}): Promise<{ subscribed: false }> {
  const { db, userId, now } = options;
  const t = await resolveTarget(db.prisma, userId, options.target);
  await db.prisma.subscription.updateMany({ where: { userId, ...t, endedAt: null }, data: { endedAt: now } });
  return { subscribed: false };
}

/** Whether the reader follows this story and each of its authors (for the buttons). */
export async function subscriptionStatus(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ story: boolean; authors: string[] }> {
  const { db, userId, storyId } = options;
  const { story } = await requireStoryVisible({ db: db.prisma, storyId, userId });
  const authors = await db.prisma.storyMember.findMany({
    where: { storyId: story.id, role: { in: ['owner', 'coauthor'] } },
    select: { userId: true },
  });
  const rows = await db.prisma.subscription.findMany({
    where: {
      userId,
      endedAt: null,
      OR: [{ storyId: story.id }, { authorId: { in: authors.map((a) => a.userId) } }],
    },
    select: { storyId: true, author: { select: { username: true } } },
  });
  return {
    story: rows.some((r) => r.storyId === story.id),
    authors: rows.flatMap((r) => (r.author ? [r.author.username] : [])),
  };
}

/** Everything the reader follows, for their account page and data export. */
export async function mySubscriptions(options: { db: Database; userId: string }) {
  const rows = await options.db.prisma.subscription.findMany({
    where: { userId: options.userId, endedAt: null },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      createdAt: true,
      story: { select: { id: true, slug: true, title: true } },
      author: { select: { username: true, displayName: true } },
      series: { select: { id: true, title: true } },
    },
  });
  return rows;
}

export async function mailFrequency(options: { db: Database; userId: string }): Promise<MailFrequency> {
  const row = await options.db.prisma.followSetting.findUnique({
    where: { userId: options.userId },
    select: { mail: true },
  });
  return row?.mail ?? 'instant';
}

export async function setMailFrequency(options: {
  db: Database;
  userId: string;
  mail: MailFrequency;
}): Promise<MailFrequency> {
  const { db, userId, mail } = options;
  await db.prisma.followSetting.upsert({ where: { userId }, create: { userId, mail }, update: { mail } });
  return mail;
}

/** What a signed unsubscribe link stops, for the confirmation page (GET); null if the link is bad. */
export async function describeUnsubscribe(options: {
  db: Database;
  token: string;
}): Promise<{ what: string; done: boolean } | null> {
  const target = await verifyUnsubscribeToken(options.db.prisma, options.token);
  if (!target) return null;
  if (target.kind === 'd') {
    return {
      what: 'all new-chapter mail (the daily digest and instant mail)',
      done: (await mailFrequency({ db: options.db, userId: target.userId })) === 'off',
    };
  }
  const row = await options.db.prisma.subscription.findUnique({
    where: { id: target.subscriptionId },
    select: {
      endedAt: true,
      story: { select: { title: true } },
      author: { select: { username: true, displayName: true } },
      series: { select: { title: true } },
    },
  });
  if (!row) return null;
  const what = row.story
    ? `new chapters of “${row.story.title}”`
    : row.series
      ? `new chapters in the series “${row.series.title}”`
      : `new chapters by ${row.author?.displayName ?? row.author?.username ?? 'this author'}`;
  return { what, done: row.endedAt !== null };
}

/**
 * One-click unsubscribe (RFC 8058): the signed link alone decides, no session. Idempotent: a
 * second POST (mail clients may retry) changes nothing and still answers ok.
 */
export async function unsubscribeByToken(options: {
  db: Database;
  token: string;
  now: Date;
}): Promise<{ ok: boolean }> {
  const { db, token, now } = options;
  const target = await verifyUnsubscribeToken(db.prisma, token);
  if (!target) return { ok: false };
  if (target.kind === 'd') {
    const exists = await db.prisma.user.count({ where: { id: target.userId } });
    if (exists) await setMailFrequency({ db, userId: target.userId, mail: 'off' });
    return { ok: exists > 0 };
  }
  await db.prisma.subscription.updateMany({
    where: { id: target.subscriptionId, endedAt: null },
    data: { endedAt: now },
  });
  return { ok: true };
}

/**
 * Subscribers of a story per day, as of the end of each day: story subscribers and followers
 * of its authors, counted apart. Authors of the story only.
 */
export async function subscriberSeries(options: {
  db: Database;
  userId: string;
  storyId: string;
  days: number;
  now: Date;
}) {
  const { db, userId, storyId, now } = options;
  await requireDashboardStory({ db: db.prisma, storyId, userId });
  const days = Math.min(Math.max(options.days, 1), 366);
  const authors = await db.prisma.storyMember.findMany({
    where: { storyId, role: { in: ['owner', 'coauthor'] } },
    select: { userId: true },
  });
  const rows = await db.prisma.subscription.findMany({
    where: { OR: [{ storyId }, { authorId: { in: authors.map((a) => a.userId) } }] },
    select: { userId: true, storyId: true, createdAt: true, endedAt: true },
  });
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 86_400_000;
  const points: { day: string; story: number; author: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const t = end - i * 86_400_000;
    const active = rows.filter(
      (r) => r.createdAt.getTime() < t && (r.endedAt === null || r.endedAt.getTime() >= t),
    );
    // A reader who follows two co-authors counts once.
    const author = new Set(active.filter((r) => r.storyId === null).map((r) => r.userId)).size;
    points.push({
      day: new Date(t - 86_400_000).toISOString().slice(0, 10),
      story: active.filter((r) => r.storyId !== null).length,
      author,
    });
  }
  const last = points[points.length - 1] ?? { story: 0, author: 0 };
  return { points, current: { story: last.story, author: last.author } };
}
