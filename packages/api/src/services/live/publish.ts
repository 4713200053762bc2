// Live events: ids, a place and a count, never bodies (a private note's text must not travel to
// every subscriber of a chapter, and NOTIFY payloads are capped at 8 KB). A listener applies the
// count and the words, and fetches only the one thread it has open (comment.thread), which
// applies the visibility rules.
import type { Database } from '@margins/db';
import type { Db } from '../access';
import { chapterChannel } from './channel';

export type LiveEventKind =
  | 'comment.created'
  | 'comment.updated'
  | 'comment.deleted'
  | 'comment.hidden'
  | 'comment.visible'
  | 'comment.frozen'
  | 'comment.unfrozen'
  | 'review.created'
  | 'review.updated'
  | 'review.hidden'
  | 'review.visible'
  | 'review.deleted';

export interface LiveEvent {
  kind: LiveEventKind;
  chapterId: string;
  commentId?: string;
  /** Who wrote it: each stream turns it into `mine` for its listener and drops it (event-stream.ts). */
  authorId?: string;
  /** The thread root, for replies. */
  threadId?: string;
  reviewId?: string;
  /** Where a public thread lands on the published revision (comment/live-change.ts). */
  passageKey?: string;
  /** Public visible comments on that passage, after the change. */
  count?: number;
  /** A new public thread's words on that passage. */
  span?: [number, number];
}

/**
 * Publishes after the transaction has committed (callers await their $transaction first), so a
 * client that refetches on the event sees the change. Best-effort: the write already happened,
 * and failing the request would invite a duplicate retry; clients also refetch on reconnect.
 */
export async function publishChapterEvent(db: Database, event: LiveEvent): Promise<void> {
  try {
    await db.pubsub.publish(chapterChannel(event.chapterId), event);
  } catch {
    // Deliberately ignored (see above).
  }
}

/**
 * Said on a chapter's channel when who may read it may have changed (story made private or
 * deleted, chapter unpublished, rescheduled or deleted, a member removed). Never forwarded to
 * clients: each open stream checks its listener's access again (live-access.ts) and ends if it
 * is gone.
 */
export interface AccessChangeEvent {
  kind: 'access.changed';
  chapterId: string;
}

export function isAccessChange(payload: unknown): payload is AccessChangeEvent {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { kind?: unknown }).kind === 'access.changed'
  );
}

/** After the commit, like every event; best-effort (a missed one is caught by the streams' TTL). */
export async function publishAccessChange(db: Database, chapterIds: readonly string[]): Promise<void> {
  for (const chapterId of chapterIds) {
    try {
      await db.pubsub.publish(chapterChannel(chapterId), {
        kind: 'access.changed',
        chapterId,
      } satisfies AccessChangeEvent);
    } catch {
      // Deliberately ignored, as for publishChapterEvent.
    }
  }
}

/** A story's chapter ids, for an access change of the whole story (read before deleting it). */
export async function storyChapterIds(db: Db, storyId: string): Promise<string[]> {
  const rows = await db.chapter.findMany({ where: { storyId }, select: { id: true } });
  return rows.map((r) => r.id);
}
