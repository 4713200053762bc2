// Notifications are written inside the transaction of the action that causes them, so there is
// never a notification for a comment that was rolled back, nor a comment without its notification.
import { newId } from '@margins/db';
import { isStoryPublic, type ChapterAccess, type Db } from '../access';
import { GUEST_USER } from '../guest/guest-user';

export type NotificationKind = 'review' | 'comment' | 'reply' | 'chapter';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['review', 'comment', 'reply', 'chapter'];

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
  // Nobody reads the shared guest account's notifications (a reply to a guest's comment).
  const candidates = [...new Set(recipients)].filter((id) => id !== actorId && id !== GUEST_USER.id);
  if (candidates.length === 0) return [];
  const off = await tx.notificationSetting.findMany({
    where: { userId: { in: candidates }, kind, enabled: false },
    select: { userId: true },
  });
  const muted = new Set(off.map((o) => o.userId));
  const userIds = candidates.filter((id) => !muted.has(id));
  if (userIds.length) {
    await tx.notification.createMany({
      data: userIds.map((userId) => ({
        id: newId(),
        userId,
        actorId,
        kind,
        storyId,
        chapterId,
        targetId,
        summary,
        createdAt: at,
      })),
    });
  }
  return userIds;
}

/**
 * Of `userIds`, those who may read the chapter now. A reply notification carries words written
 * on a chapter; someone who can no longer read it (it went back to draft, the story turned
 * private, they left the story) must not get them — the reading rule, as in `mayReadChapter`.
 */
export async function mayReadNow(
  tx: Db,
  access: Pick<ChapterAccess, 'story' | 'live'>,
  userIds: string[],
): Promise<string[]> {
  if (userIds.length === 0 || (isStoryPublic(access.story) && access.live)) return userIds;
  const members = await tx.storyMember.findMany({
    where: { storyId: access.story.id, userId: { in: userIds } },
    select: { userId: true },
  });
  const member = new Set(members.map((m) => m.userId));
  return userIds.filter((id) => member.has(id));
}

/**
 * A comment was removed (deleted by its writer, hidden or deleted by an editor, rejected in the
 * queue): the notifications about it go too. They quote its words, which must not outlive it in
 * someone's inbox, and the header's unread count would otherwise count an item that leads nowhere.
 */
export async function forgetCommentNotifications(tx: Db, commentId: string): Promise<void> {
  await tx.notification.deleteMany({ where: { targetId: commentId, kind: { in: ['comment', 'reply'] } } });
}

/** The story's authors: owner and co-authors. */
export async function storyAuthorIds(tx: Db, storyId: string): Promise<string[]> {
  const rows = await tx.storyMember.findMany({
    where: { storyId, role: { in: ['owner', 'coauthor'] } },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

/** A one-line excerpt for a notification summary. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
