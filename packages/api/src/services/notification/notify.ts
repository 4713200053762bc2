// Notifications are written inside the transaction of the action that causes them, so there is
// never a notification for a comment that was rolled back, nor a comment without its notification.
import { newId } from '@margins/db';
import type { Db } from '../access';

export type NotificationKind = 'review' | 'comment' | 'reply';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['review', 'comment', 'reply'];

export interface NotifyOptions {
  recipients: string[];
  actorId: string;
  kind: NotificationKind;
  storyId: string;
  chapterId: string;
  targetId: string;
  summary: string;
  /** When it happened: the action's own clock (the services' `now`), not the database's. */
  at: Date;
}

/** Creates one notification per recipient, never for the actor, honouring NotificationSetting. */
export async function notify(tx: Db, options: NotifyOptions): Promise<string[]> {
  const { recipients, actorId, kind, storyId, chapterId, targetId, summary, at } = options;
  const candidates = [...new Set(recipients)].filter((id) => id !== actorId);
  if (candidates.length === 0) return [];
  const off = await tx.notificationSetting.findMany({ where: { userId: { in: candidates }, kind, enabled: false }, select: { userId: true } });
  const muted = new Set(off.map((o) => o.userId));
  const userIds = candidates.filter((id) => !muted.has(id));
  if (userIds.length) {
    await tx.notification.createMany({ data: userIds.map((userId) => ({ id: newId(), userId, actorId, kind, storyId, chapterId, targetId, summary, createdAt: at })) });
  }
  return userIds;
}

/** The story's authors: owner and co-authors. */
export async function storyAuthorIds(tx: Db, storyId: string): Promise<string[]> {
  const rows = await tx.storyMember.findMany({ where: { storyId, role: { in: ['owner', 'coauthor'] } }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

/** A one-line excerpt for a notification summary. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
