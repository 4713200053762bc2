// Anyone logged in reports a comment or review they can see, a story they can see, or a user.
// The story's owner works the queue of comments and reviews; reports of stories and users go to
// the site's admins (services/admin/reports.ts), who also see every other report.
import { newId, type Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { OWNER, requireStoryRole, requireStoryVisible, requireCommentVisible } from '../access';
import { enforceRateLimit } from '../rate-limits';
import { requireReviewVisible } from '../review/reply-to-review';

export type ReportTarget = 'comment' | 'review';
export type AnyReportTarget = ReportTarget | 'story' | 'user';

/** The story the reported thing belongs to (null for a user), checking the reporter may see it. */
async function reportedStoryId(
  db: Database,
  userId: string,
  targetType: AnyReportTarget,
  targetId: string,
  now: Date,
): Promise<string | null> {
  switch (targetType) {
    case 'comment':
      return (await requireCommentVisible({ db: db.prisma, commentId: targetId, userId, now })).access.story
        .id;
    case 'review':
      return (await requireReviewVisible({ db: db.prisma, reviewId: targetId, userId, now })).access.story.id;
    case 'story':
      return (await requireStoryVisible({ db: db.prisma, storyId: targetId, userId })).story.id;
    case 'user': {
      const user = await db.prisma.user.findUnique({ where: { id: targetId }, select: { id: true } });
      if (!user) throw notFound('User');
      if (user.id === userId) throw new ServiceError('invalid', 'You cannot report yourself.');
      return null;
    }
  }
}

/** Idempotent per reporter and target while unresolved. */
export async function reportContent(options: {
  db: Database;
  userId: string;
  targetType: AnyReportTarget;
  targetId: string;
  reason: string;
  now: Date;
}): Promise<{ id: string }> {
  const { db, userId, targetType, targetId, reason, now } = options;
  const storyId = await reportedStoryId(db, userId, targetType, targetId, now);
  const open = await db.prisma.report.findFirst({
    where: { reporterId: userId, targetType, targetId, resolvedAt: null },
    select: { id: true },
  });
  if (open) return open;
  await enforceRateLimit({ db, userId, action: 'report', now });
  const id = newId();
  await db.prisma.report.create({
    data: { id, reporterId: userId, storyId, targetType, targetId, reason, createdAt: now },
  });
  return { id };
}

export interface ReportView {
  id: string;
  targetType: ReportTarget;
  targetId: string;
  reason: string;
  reporter: { username: string };
  createdAt: Date;
  resolvedAt: Date | null;
  /** What was reported, as the owner sees it (null if it no longer exists). */
  target: {
    chapterId: string;
    /** A guest's comment (guest): the guest's name, marked, and the shared guest account's id. */
    author: { id: string; username: string; guest?: boolean };
    body: string;
    status: 'visible' | 'hidden' | 'deleted' | 'pending';
  } | null;
}

/** The story's reports, for its owner. */
export async function listReports(options: {
  db: Database;
  userId: string;
  storyId: string;
  includeResolved?: boolean;
}): Promise<ReportView[]> {
  const { db, userId, storyId, includeResolved = false } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const reports = await db.prisma.report.findMany({
    // Reports of the story itself or of a user go to the site's admins only (services/admin/reports.ts).
    where: {
      storyId,
      targetType: { in: ['comment', 'review'] },
      ...(includeResolved ? {} : { resolvedAt: null }),
    },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: {
      id: true,
      targetType: true,
      targetId: true,
      reason: true,
      createdAt: true,
      resolvedAt: true,
      reporter: { select: { username: true } },
    },
  });
  const ids = (type: ReportTarget) => reports.filter((r) => r.targetType === type).map((r) => r.targetId);
  const author = { select: { id: true, username: true } } as const;
  // Targets are re-checked against the story, so a report can never reveal another story's text.
  const [comments, reviews] = await Promise.all([
    db.prisma.inlineComment.findMany({
      where: { id: { in: ids('comment') }, chapter: { storyId } },
      select: { id: true, chapterId: true, body: true, status: true, author, guestName: true },
    }),
    db.prisma.review.findMany({
      where: { id: { in: ids('review') }, chapter: { storyId } },
      select: { id: true, chapterId: true, body: true, status: true, author },
    }),
  ]);
  // A guest's comment names the guest, not the shared guest account (services/guest/guest-comment.ts).
  const named = comments.map(({ guestName, ...c }) =>
    guestName === null ? c : { ...c, author: { ...c.author, username: `${guestName} (guest)`, guest: true } },
  );
  const targets = new Map([...named, ...reviews].map((t) => [t.id, t]));
  return reports.map((r) => {
    const t = targets.get(r.targetId);
    return {
      ...r,
      targetType: r.targetType as ReportTarget,
      target: t ? { chapterId: t.chapterId, author: t.author, body: t.body, status: t.status } : null,
    };
  });
}

export async function resolveReport(options: {
  db: Database;
  userId: string;
  storyId: string;
  reportId: string;
  now: Date;
}): Promise<{ id: string; resolvedAt: Date }> {
  const { db, userId, storyId, reportId, now } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const report = await db.prisma.report.findUnique({
    where: { id: reportId },
    select: { storyId: true, targetType: true },
  });
  // The owner closes reports of comments and reviews; reports of the story go to the site's admins.
  if (!report || report.storyId !== storyId || report.targetType === 'story' || report.targetType === 'user')
    throw notFound('Report');
  await db.prisma.report.update({
    where: { id: reportId },
    data: { resolvedAt: now, resolution: 'resolved' },
  });
  return { id: reportId, resolvedAt: now };
}
