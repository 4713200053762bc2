// Live events: ids and counts only, never bodies (a private note's text must not travel to
// every subscriber of a chapter, and NOTIFY payloads are capped at 8 KB). Clients refetch
// `comment.list` / `review.list`, which apply the visibility rules.
import type { Database } from '@margins/db';
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
  /** The thread root, for replies. */
  threadId?: string;
  reviewId?: string;
  /** Where the comment was written (public comments only). */
  passageKey?: string;
  /** Public visible comments per passage key on the published revision, after the change. */
  counts?: { revisionId: string; byPassage: Record<string, number>; outdated: number };
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
