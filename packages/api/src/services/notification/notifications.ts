import type { Database } from '@margins/db';
import { NOTIFICATION_KINDS, type NotificationKind } from './notify';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  actor: { username: string; displayName: string | null } | null;
  story: { id: string; slug: string; title: string } | null;
  chapterId: string | null;
  targetId: string | null;
  summary: string;
  readAt: Date | null;
  createdAt: Date;
}

/** Newest first; `cursor` is the last id of the previous page. */
export async function listNotifications(options: {
  db: Database;
  userId: string;
  unreadOnly?: boolean;
  cursor?: string;
  limit?: number;
}): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
  const { db, userId, unreadOnly = false, cursor, limit = 30 } = options;
  const rows = await db.prisma.notification.findMany({
    where: { userId, ...(unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      kind: true,
      storyId: true,
      chapterId: true,
      targetId: true,
      summary: true,
      readAt: true,
      createdAt: true,
      actor: { select: { username: true, displayName: true } },
    },
  });
  const page = rows.slice(0, limit);
  const storyIds = [...new Set(page.map((r) => r.storyId).filter((id): id is string => id !== null))];
  const stories = new Map(
    (
      await db.prisma.story.findMany({
        where: { id: { in: storyIds } },
        select: { id: true, slug: true, title: true },
      })
    ).map((s) => [s.id, s]),
  );
  return {
    items: page.map(({ storyId, ...r }) => ({
      ...r,
      story: storyId ? (stories.get(storyId) ?? null) : null,
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export async function unreadNotificationCount(options: {
  db: Database;
  userId: string;
}): Promise<{ count: number }> {
  return {
    count: await options.db.prisma.notification.count({ where: { userId: options.userId, readAt: null } }),
  };
}

/** Marks the given notifications (only the caller's), or all of them, as read. */
export async function markNotificationsRead(options: {
  db: Database;
  userId: string;
  ids?: string[];
  now: Date;
}): Promise<{ updated: number }> {
  const { db, userId, ids, now } = options;
  const { count } = await db.prisma.notification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: now },
  });
  return { updated: count };
}

export type NotificationSettings = Record<NotificationKind, boolean>;

export async function notificationSettings(options: {
  db: Database;
  userId: string;
}): Promise<NotificationSettings> {
  const rows = await options.db.prisma.notificationSetting.findMany({
    where: { userId: options.userId },
    select: { kind: true, enabled: true },
  });
  const settings = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as NotificationSettings;
  for (const r of rows) settings[r.kind] = r.enabled;
  return settings;
}

export async function updateNotificationSettings(options: {
  db: Database;
  userId: string;
  settings: Partial<NotificationSettings>;
}): Promise<NotificationSettings> {
  const { db, userId, settings } = options;
  await db.prisma.$transaction(
    Object.entries(settings)
      .filter((e): e is [NotificationKind, boolean] => typeof e[1] === 'boolean')
      .map(([kind, enabled]) =>
        db.prisma.notificationSetting.upsert({
          where: { userId_kind: { userId, kind } },
          create: { userId, kind, enabled },
          update: { enabled },
        }),
      ),
  );
  return notificationSettings({ db, userId });
}
