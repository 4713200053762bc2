// Telling subscribers a chapter is out. Whether it was published now or came due on its
// schedule (scheduled chapters go live at read time, no job flips them), the `follow.due`
// schedule finds live, unannounced chapters of public stories every minute and enqueues one
// `follow.announce` job per chapter (key `announce:<chapterId>`); publishing now enqueues it
// at once. The announce job claims the chapter by setting Chapter.announcedAt where it is null,
// in the same transaction as the notifications and mail: however often it runs, one announcement.
import { newId, type Database } from '@margins/db';
import { enqueue, type JobClient } from '@margins/jobs';
import { queueMail } from '@margins/mail';
import { isChapterLive, isStoryPublic } from '../access';
import { unsubscribeToken } from './unsubscribe-token';

export const ANNOUNCE_TASK = 'follow.announce';
export const DUE_TASK = 'follow.due';
export const DIGEST_TASK = 'follow.digest';

/** How many due chapters one scan enqueues; the next minute takes the rest. */
const DUE_BATCH = 500;

export function enqueueAnnouncement(tx: JobClient, chapterId: string) {
  return enqueue(tx, ANNOUNCE_TASK, { chapterId }, { key: `announce:${chapterId}` });
}

/** Live chapters of public stories nobody has been told of yet. */
export async function enqueueDueAnnouncements(db: Database, now: Date): Promise<number> {
  const due = await db.prisma.chapter.findMany({
    where: {
      announcedAt: null,
      publishedRevisionId: { not: null },
      OR: [{ status: 'published' }, { status: 'scheduled', publishAt: { lte: now } }],
      story: { visibility: 'public', publishedAt: { not: null }, hiddenAt: null },
    },
    select: { id: true },
    take: DUE_BATCH,
  });
  for (const c of due) await enqueueAnnouncement(db.prisma, c.id);
  return due.length;
}

/** The chapter's number as readers see it (/s/<slug>/<n>): its place among the live chapters. */
async function readerNumber(tx: JobClient, chapterId: string, now: Date): Promise<number> {
  const { storyId, position } = await tx.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { storyId: true, position: true },
  });
  const before = await tx.chapter.findMany({
    where: { storyId, position: { lt: position } },
    select: { status: true, publishAt: true, publishedRevisionId: true },
  });
  return before.filter((c) => isChapterLive(c, now)).length + 1;
}

export interface AnnounceOptions {
  db: Database;
  now: Date;
  /** Where links in mail point, e.g. https://margins.example (no trailing slash). */
  siteUrl: string;
}

/** Notifies every subscriber of the chapter once; returns how many were told (0 if already done). */
export async function announceChapter(options: AnnounceOptions & { chapterId: string }): Promise<number> {
  const { db, now, siteUrl, chapterId } = options;
  return db.prisma.$transaction(async (tx) => {
    const chapter = await tx.chapter.findUnique({
      where: { id: chapterId },
      select: {
        id: true,
        title: true,
        status: true,
        publishAt: true,
        publishedRevisionId: true,
        announcedAt: true,
        storyId: true,
        story: {
          select: {
            id: true,
            slug: true,
            title: true,
            visibility: true,
            publishedAt: true,
            hiddenAt: true,
            members: {
              select: { userId: true, role: true, user: { select: { username: true, displayName: true } } },
            },
          },
        },
      },
    });
    // Not readable by subscribers now (unpublished, story private): the scan finds it again if it becomes so.
    if (!chapter || chapter.announcedAt || !isStoryPublic(chapter.story) || !isChapterLive(chapter, now))
      return 0;
    const { count } = await tx.chapter.updateMany({
      where: { id: chapterId, announcedAt: null },
      data: { announcedAt: now },
    });
    if (count === 0) return 0;

    const story = chapter.story;
    const authors = story.members.filter((m) => m.role === 'owner' || m.role === 'coauthor');
    const authorIds = authors.map((a) => a.userId);
    const subs = await tx.subscription.findMany({
      where: {
        endedAt: null,
        OR: [
          { storyId: story.id },
          { authorId: { in: authorIds } },
          // Subscribers of any series the story is a part of (docs/reading.md, Series).
          { series: { parts: { some: { storyId: story.id } } } },
        ],
      },
      select: {
        id: true,
        userId: true,
        storyId: true,
        series: { select: { title: true } },
        user: { select: { email: true, emailVerifiedAt: true, followSetting: { select: { mail: true } } } },
      },
      orderBy: { createdAt: 'asc' },
    });
    // One announcement per reader, through their closest subscription (story, then series, then
    // author: its unsubscribe link is the one that stops this mail); never to the story's authors.
    const rank = (s: (typeof subs)[number]) => (s.storyId ? 0 : s.series ? 1 : 2);
    const byUser = new Map<string, (typeof subs)[number]>();
    for (const s of subs) {
      if (authorIds.includes(s.userId)) continue;
      const seen = byUser.get(s.userId);
      if (!seen || rank(s) < rank(seen)) byUser.set(s.userId, s);
    }
    if (byUser.size === 0) return 0;

    const number = await readerNumber(tx, chapterId, now);
    const byline = authors.map((a) => a.user.displayName ?? a.user.username).join(' & ') || 'its author';
    const summary = `New chapter of ${story.title}: ${number}. ${chapter.title}`;
    const url = `${siteUrl}/s/${encodeURIComponent(story.slug)}/${number}`;

    const recipients = [...byUser.values()];
    const muted = new Set(
      (
        await tx.notificationSetting.findMany({
          where: { userId: { in: recipients.map((r) => r.userId) }, kind: 'chapter', enabled: false },
          select: { userId: true },
        })
      ).map((r) => r.userId),
    );
    await tx.notification.createMany({
      data: recipients
        .filter((r) => !muted.has(r.userId))
        .map((r) => ({
          id: newId(),
          userId: r.userId,
          kind: 'chapter' as const,
          storyId: story.id,
          chapterId,
          targetId: chapterId,
          summary,
          createdAt: now,
        })),
    });

    for (const r of recipients) {
      const frequency = r.user.followSetting?.mail ?? 'instant';
      // Only a confirmed address receives anything but its confirmation mail (docs/auth.md).
      if (frequency === 'off' || !r.user.email || !r.user.emailVerifiedAt) continue;
      if (frequency === 'daily') {
        await tx.digestItem.createMany({
          data: [{ userId: r.userId, chapterId, createdAt: now }],
          skipDuplicates: true,
        });
        continue;
      }
      const unsubscribeUrl = `${siteUrl}/unsubscribe/${await unsubscribeToken(tx, { kind: 's', subscriptionId: r.id })}`;
      await queueMail(tx, {
        kind: 'new-chapter',
        to: r.user.email,
        subject: summary.replace(/[\r\n]+/g, ' '),
        paragraphs: [`${byline} published chapter ${number} of “${story.title}”: ${chapter.title}.`],
        action: { label: `Read chapter ${number}`, url },
        reason: r.storyId
          ? `You subscribed to “${story.title}” on Margins.`
          : r.series
            ? `You subscribed to the series “${r.series.title}” on Margins.`
            : `You subscribed to ${byline} on Margins.`,
        footer: [
          `Stop these mails with one click: ${unsubscribeUrl}`,
          `Or choose a daily digest instead: ${siteUrl}/account#subscriptions`,
        ],
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
    }
    return recipients.length;
  });
}

/**
 * The daily digest: one mail per reader listing the chapters of the day, sent by a daily
 * schedule. The items are deleted in the transaction that queues the mail, so a retried run
 * sends nothing twice. Chapters that went back to draft since are left out.
 */
export async function sendDigests(options: AnnounceOptions): Promise<number> {
  const { db, now, siteUrl } = options;
  const users = await db.prisma.digestItem.findMany({ distinct: ['userId'], select: { userId: true } });
  let sent = 0;
  for (const { userId } of users) {
    sent += await db.prisma.$transaction(async (tx) => {
      const items = await tx.digestItem.findMany({
        where: { userId },
        orderBy: { createdAt: 'asc' },
        select: { chapterId: true },
      });
      await tx.digestItem.deleteMany({ where: { userId, chapterId: { in: items.map((i) => i.chapterId) } } });
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { email: true, emailVerifiedAt: true, followSetting: { select: { mail: true } } },
      });
      if (!user?.email || !user.emailVerifiedAt || items.length === 0 || user.followSetting?.mail === 'off')
        return 0;
      const chapters = await tx.chapter.findMany({
        where: { id: { in: items.map((i) => i.chapterId) } },
        select: {
          id: true,
          title: true,
          status: true,
          publishAt: true,
          publishedRevisionId: true,
          storyId: true,
          story: { select: { slug: true, title: true, visibility: true, publishedAt: true, hiddenAt: true } },
        },
      });
      const lines: string[] = [];
      for (const c of chapters) {
        if (!isStoryPublic(c.story) || !isChapterLive(c, now)) continue;
        const n = await readerNumber(tx, c.id, now);
        lines.push(
          `${c.story.title}, chapter ${n}: ${c.title} — ${siteUrl}/s/${encodeURIComponent(c.story.slug)}/${n}`,
        );
      }
      if (lines.length === 0) return 0;
      const unsubscribeUrl = `${siteUrl}/unsubscribe/${await unsubscribeToken(tx, { kind: 'd', userId })}`;
      await queueMail(tx, {
        kind: 'new-chapter-digest',
        to: user.email,
        subject:
          lines.length === 1
            ? 'A new chapter from your subscriptions'
            : `${lines.length} new chapters from your subscriptions`,
        paragraphs: ['New since yesterday’s digest:', lines.join('\n')],
        reason: 'You subscribed to these stories or authors on Margins and chose a daily digest.',
        footer: [
          `Stop all new-chapter mail with one click: ${unsubscribeUrl}`,
          `Change how often: ${siteUrl}/account#subscriptions`,
        ],
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      return 1;
    });
  }
  return sent;
}
