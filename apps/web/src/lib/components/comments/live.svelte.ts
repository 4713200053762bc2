// The chapter's comments and reviews as the browser keeps them. The server load sends the
// counts per passage and only the threads the page shows without JavaScript (outdated ones, the
// opened passage's); the full list is fetched over /api/trpc when the live stream connects, then
// again after the reader's own writes and on every live event (the stream carries ids and counts
// only, never bodies — docs/comments.md).
import { countByPassage } from './format';
import type { CommentList, ReviewList } from './types';

/** A tRPC query over HTTP (GET, JSON input in the query string). */
export async function trpcQuery<T>(path: string, input: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { signal, headers: { accept: 'application/json' } });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body.result.data;
}

const plural = (n: number, one: string) => `${n} new ${one}${n === 1 ? '' : 's'}`;

export class ChapterFeedback {
  comments = $state<CommentList>() as CommentList;
  reviews = $state<ReviewList>() as ReviewList;
  /** Read by a polite live region: "1 new comment". */
  announcement = $state('');
  connected = $state(false);
  /** False until the full list has been fetched: until then `comments` holds only some threads. */
  complete = $state(false);
  #serverCounts: { byPassage: Record<string, number>; outdated: number } = { byPassage: {}, outdated: 0 };
  readonly counts = $derived(this.complete ? countByPassage(this.comments.threads) : this.#serverCounts);

  // Bookkeeping only (never rendered), so plain collections rather than reactive ones.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  #seen: Set<string>;
  #seenReviews: Set<string>;
  #busy = new Map<string, Promise<void>>();
  #again = new Set<string>();
  /* eslint-enable svelte/prefer-svelte-reactivity */

  constructor(
    readonly chapterId: string,
    readonly revision: 'published' | 'current',
    comments: CommentList,
    reviews: ReviewList,
    /** What the server counted for the page (public, visible comments), shown until the list arrives. */
    counts: { byPassage: Record<string, number>; outdated: number },
  ) {
    this.#serverCounts = counts;
    this.comments = comments;
    this.reviews = reviews;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not rendered
    this.#seen = new Set(commentIds(comments));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not rendered
    this.#seenReviews = new Set(reviews.reviews.map((r) => r.id));
  }

  /** Threads of one passage, in reading order. */
  threadsOf(passageKey: string) {
    return this.comments.threads.filter((t) => !t.outdated && t.passageKey === passageKey);
  }

  get outdated() {
    return this.comments.threads.filter((t) => t.outdated || t.passageKey === null);
  }

  refreshComments(announce = false): Promise<void> {
    return this.#coalesce('comments', async () => {
      const next = await trpcQuery<CommentList>('comment.list', { chapterId: this.chapterId, revision: this.revision });
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
      const mine = new Set(next.threads.flatMap((t) => [t.root, ...t.replies]).filter((c) => c.mine).map((c) => c.id));
      const fresh = commentIds(next).filter((id) => !this.#seen.has(id) && !mine.has(id));
      for (const id of commentIds(next)) this.#seen.add(id);
      this.comments = next;
      // The first full list is not news: it is what the page already counted.
      if (announce && this.complete && fresh.length) this.#announce(plural(fresh.length, 'comment'));
      this.complete = true;
    });
  }

  refreshReviews(announce = false): Promise<void> {
    return this.#coalesce('reviews', async () => {
      const next = await trpcQuery<ReviewList>('review.list', { chapterId: this.chapterId });
      const fresh = next.reviews.filter((r) => !this.#seenReviews.has(r.id) && !r.mine);
      for (const r of next.reviews) this.#seenReviews.add(r.id);
      this.reviews = next;
      if (announce && fresh.length) this.#announce(plural(fresh.length, 'review'));
    });
  }

  /** Opens the chapter's event stream; returns the function that closes it. */
  connect(): () => void {
    if (typeof EventSource === 'undefined') {
      void this.refreshComments().catch(() => {});
      return () => {};
    }
    const source = new EventSource(`/api/live/chapters/${encodeURIComponent(this.chapterId)}`);
    const quiet = (p: Promise<void>) => p.catch(() => {});
    // `ready` comes first and again after every reconnect: events may have been missed meanwhile.
    source.addEventListener('ready', () => {
      this.connected = true;
      void quiet(this.refreshComments(true));
      void quiet(this.refreshReviews(true));
    });
    source.addEventListener('comment', () => void quiet(this.refreshComments(true)));
    source.addEventListener('review', () => void quiet(this.refreshReviews(true)));
    source.addEventListener('error', () => (this.connected = false));
    // The server ended the stream because this reader can no longer read the chapter (it turned
    // private or went back to draft): reconnecting would only get a 404.
    source.addEventListener('end', () => {
      this.connected = false;
      source.close();
    });
    return () => source.close();
  }

  #announce(text: string) {
    // Clearing first makes a repeated message ("1 new comment" twice) be read again.
    this.announcement = '';
    queueMicrotask(() => (this.announcement = text));
  }

  /** One request at a time per list; a call during a request schedules exactly one more. */
  #coalesce(name: string, run: () => Promise<void>): Promise<void> {
    const busy = this.#busy.get(name);
    if (busy) {
      this.#again.add(name);
      return busy;
    }
    const p = run().finally(() => {
      this.#busy.delete(name);
      if (this.#again.delete(name)) void this.#coalesce(name, run).catch(() => {});
    });
    this.#busy.set(name, p);
    return p;
  }
}

function commentIds(list: CommentList): string[] {
  return list.threads.flatMap((t) => [t.root, ...t.replies]).filter((c) => c.status === 'visible' || c.status === 'pending').map((c) => c.id);
}
