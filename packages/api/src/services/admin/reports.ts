// The site's report queue: every report, open first. Reports of stories and users reach only the
// site's admins; reports of comments and reviews also stay with the story's owner (moderation/reports.ts).
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { inTransaction } from '../transaction';
import { recordAdminAction, type AdminActor } from './audit';

export interface SiteReportView {
  id: string;
  targetType: 'comment' | 'review' | 'story' | 'user';
  targetId: string;
  reason: string;
  reporter: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
  /** What was reported, as an admin needs it to decide (null when it no longer exists). */
  target: {
    label: string;
    /** The words reported (a comment's or review's body, a story's summary). */
    text: string;
    /** Where to look: the story or chapter page. */
    href: string | null;
    /** The account behind it, which an admin may suspend. */
    account: { id: string; username: string; suspended: boolean } | null;
    /** The story it is on, which an admin may hide. */
    story: { id: string; title: string; hidden: boolean } | null;
  } | null;
}

const account = { select: { id: true, username: true, suspendedAt: true } } as const;
const storyRef = { select: { id: true, slug: true, title: true, hiddenCause: true } } as const;

export async function listSiteReports(options: {
  db: Database;
  includeClosed?: boolean;
}): Promise<SiteReportView[]> {
  const { db, includeClosed = false } = options;
  const reports = await db.prisma.report.findMany({
    where: includeClosed ? {} : { resolvedAt: null },
    orderBy: [{ resolvedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    take: 200,
    select: {
      id: true,
      targetType: true,
      targetId: true,
      reason: true,
      createdAt: true,
      resolvedAt: true,
      resolution: true,
      reporter: { select: { username: true } },
    },
  });
  const ids = (type: SiteReportView['targetType']) =>
    reports.filter((r) => r.targetType === type).map((r) => r.targetId);
  const chapter = { select: { position: true, story: storyRef } } as const;
  const [comments, reviews, stories, users] = await Promise.all([
    db.prisma.inlineComment.findMany({
      where: { id: { in: ids('comment') } },
      select: { id: true, body: true, author: account, chapter },
    }),
    db.prisma.review.findMany({
      where: { id: { in: ids('review') } },
      select: { id: true, body: true, author: account, chapter },
    }),
    db.prisma.story.findMany({
      where: { id: { in: ids('story') } },
      select: {
        ...storyRef.select,
        summary: true,
        members: { where: { role: 'owner' }, select: { user: account } },
      },
    }),
    db.prisma.user.findMany({
      where: { id: { in: ids('user') } },
      select: { ...account.select, displayName: true },
    }),
  ]);
  const accountOf = (u: { id: string; username: string; suspendedAt: Date | null }) => ({
    id: u.id,
    username: u.username,
    suspended: u.suspendedAt !== null,
  });
  const storyOf = (s: { id: string; title: string; hiddenCause: string | null }) => ({
    id: s.id,
    title: s.title,
    hidden: s.hiddenCause === 'admin',
  });
  const targets = new Map<string, NonNullable<SiteReportView['target']>>();
  for (const c of [...comments, ...reviews]) {
    targets.set(c.id, {
      label: `on “${c.chapter.story.title}”`,
      text: c.body,
      href: `/s/${c.chapter.story.slug}`,
      account: accountOf(c.author),
      story: storyOf(c.chapter.story),
    });
  }
  for (const s of stories) {
    const owner = s.members[0]?.user;
    targets.set(s.id, {
      label: s.title,
      text: s.summary,
      href: `/s/${s.slug}`,
      account: owner ? accountOf(owner) : null,
      story: storyOf(s),
    });
  }
  for (const u of users) {
    targets.set(u.id, {
      label: u.displayName ? `${u.displayName} (${u.username})` : u.username,
      text: '',
      href: null,
      account: accountOf(u),
      story: null,
    });
  }
  return reports.map((r) => ({
    id: r.id,
    targetType: r.targetType,
    targetId: r.targetId,
    reason: r.reason,
    reporter: r.reporter.username,
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt,
    resolution: r.resolution,
    target: targets.get(r.targetId) ?? null,
  }));
}

/** Closes a report: "resolved" (acted on) or "dismissed" (nothing wrong), with a note for the log. */
export async function closeReport(options: {
  db: Database;
  actor: AdminActor;
  reportId: string;
  resolution: 'resolved' | 'dismissed';
  note: string;
  now: Date;
}): Promise<{ changed: boolean }> {
  const { db, actor, reportId, resolution, note, now } = options;
  return inTransaction(db, async (tx) => {
    const report = await tx.prisma.report.findUnique({
      where: { id: reportId },
      select: { id: true, targetType: true, resolvedAt: true, reason: true },
    });
    if (!report) throw notFound('Report');
    if (report.resolvedAt) return { changed: false };
    // Conditional: two admins closing one report at once record one action.
    const { count } = await tx.prisma.report.updateMany({
      where: { id: reportId, resolvedAt: null },
      data: { resolvedAt: now, resolution },
    });
    if (count === 0) return { changed: false };
    await recordAdminAction(tx.prisma, {
      actor,
      action: resolution === 'resolved' ? 'report.resolve' : 'report.dismiss',
      target: { type: 'report', id: report.id, label: `${report.targetType}: ${report.reason.slice(0, 80)}` },
      reason: note,
      at: now,
    });
    return { changed: true };
  });
}

/** Accounts by name, for the admin's user search (admins, suspended ones, or a name prefix). */
export async function findAccounts(options: { db: Database; query: string }) {
  const query = options.query.trim();
  const rows = await options.db.prisma.user.findMany({
    where: query ? { username: { startsWith: query, mode: 'insensitive' } } : { suspendedAt: { not: null } },
    orderBy: { username: 'asc' },
    take: 50,
    select: {
      id: true,
      username: true,
      displayName: true,
      createdAt: true,
      siteAdminAt: true,
      suspendedAt: true,
      suspendedReason: true,
      _count: { select: { comments: true, reviews: true, memberships: true } },
    },
  });
  return rows.map(({ _count, ...u }) => ({
    ...u,
    comments: _count.comments,
    reviews: _count.reviews,
    stories: _count.memberships,
  }));
}
