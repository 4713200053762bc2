// The chapter's comments and reviews as the browser keeps them. The server load sends the
// summary (counts per passage, the commented words, the outdated threads and the opened
// passage's); a passage's threads load over /api/trpc ($lib/trpc) when its panel opens (docs/comments.md,
// "Threads on demand"). A live event carries the change (the thread, its passage's new count,
// a new thread's words): it is applied as it comes, and only a thread this page shows is
// fetched again. The summary is fetched again after the reader's own writes, on `ready`, and
// for changes an event cannot describe to everyone (moderation, private notes).
import { api } from '$lib/trpc';
import type { CommentList, CommentSummary, ReviewList, Spans } from './types';

const plural = (n: number, one: string) => `${n} new ${one}${n === 1 ? '' : 's'}`;

type Counts = { byPassage: Record<string, number>; outdated: number };

export class ChapterFeedback {
  /** The threads loaded so far: the outdated ones and those of passages opened. */
  comments = $state<CommentList>() as CommentList;
  /** Passage key → the commented stretches of its text this reader sees. */
  spans = $state<Spans>({});
  counts = $state<Counts>({ byPassage: {}, outdated: 0 });
  reviews = $state<ReviewList>() as ReviewList;
  /** Read by a polite live region: "1 new comment". */
  announcement = $state('');
  connected = $state(false);
  /** Passages whose threads are loaded → the cursor of their next page (null: all loaded). */
  loaded = $state<Record<string, number | null>>({});

  // Bookkeeping only (never rendered), so plain collections rather than reactive ones.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  #seenReviews: Set<string>;
  #busy = new Map<string, Promise<void>>();
  #again = new Set<string>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  /** The passage whose panel is open (its threads are refetched with the summary). */
  #open: string | null = null;

  constructor(
    readonly chapterId: string,
    readonly revision: 'published' | 'current',
    summary: CommentSummary,
    reviews: ReviewList,
    /** Signed-in readers may see changes an event does not describe (their own, private notes). */
    readonly signedIn = false,
  ) {
    this.#apply(summary);
    this.reviews = reviews;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not rendered
    this.#seenReviews = new Set(reviews.reviews.map((r) => r.id));
  }

  #apply(summary: CommentSummary) {
    this.comments = { revision: summary.revision, threads: summary.threads, viewer: summary.viewer };
    this.spans = summary.spans;
    this.counts = summary.counts;
    this.loaded = summary.open ? { [summary.open.passageKey]: summary.open.nextCursor } : {};
  }

  /** Threads of one passage, in reading order. */
  threadsOf(passageKey: string) {
    return this.comments.threads.filter((t) => !t.outdated && t.passageKey === passageKey);
  }

  get outdated() {
    return this.comments.threads.filter((t) => t.outdated || t.passageKey === null);
  }

  isLoaded(passageKey: string): boolean {
    return passageKey in this.loaded;
  }

  /** A panel opened on a passage (null: the outdated tray, always loaded) or closed (undefined). */
  open(passageKey: string | null | undefined): Promise<void> {
    this.#open = passageKey ?? null;
    if (passageKey === null || passageKey === undefined || this.isLoaded(passageKey))
      return Promise.resolve();
    return this.loadPassage(passageKey);
  }

  /** The first page of a passage's threads, or (`more`) the next one. */
  loadPassage(passageKey: string, more = false): Promise<void> {
    return this.#coalesce(`passage:${passageKey}:${more}`, async () => {
      const cursor = more ? this.loaded[passageKey] : 0;
      if (cursor === null || cursor === undefined) return;
      const page = await api.comment.passage.query({
        chapterId: this.chapterId,
        revision: this.revision,
        passageKey,
        cursor,
      });
      const kept = this.comments.threads.filter((t) => more || t.outdated || t.passageKey !== passageKey);
      this.comments = { ...this.comments, threads: [...kept, ...page.threads] };
      this.loaded = { ...this.loaded, [passageKey]: page.nextCursor };
    });
  }

  /** The summary again, with the open passage's threads (after a write or a live event). */
  refreshComments(): Promise<void> {
    return this.#coalesce('comments', async () => {
      const open = this.#open;
      this.#apply(
        await api.comment.summary.query({ chapterId: this.chapterId, revision: this.revision, open }),
      );
    });
  }

  refreshReviews(announce = false): Promise<void> {
    return this.#coalesce('reviews', async () => {
      const next = await api.review.list.query({ chapterId: this.chapterId });
      const fresh = next.reviews.filter((r) => !this.#seenReviews.has(r.id) && !r.mine);
      for (const r of next.reviews) this.#seenReviews.add(r.id);
      this.reviews = next;
      if (announce && fresh.length) this.#announce(plural(fresh.length, 'review'));
    });
  }

  /** Opens the chapter's event stream; returns the function that closes it. */
  connect(): () => void {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource(`/api/live/chapters/${encodeURIComponent(this.chapterId)}`);
    const quiet = (p: Promise<void>) => p.catch(() => {});
    // `ready` comes first and again after every reconnect: events may have been missed meanwhile
    // (also between the page's render and the stream's start). The summary is small: counts and
    // words per passage, not the threads.
    source.addEventListener('ready', () => {
      this.connected = true;
      void quiet(this.refreshComments());
      void quiet(this.refreshReviews(true));
    });
    source.addEventListener('comment', (e) => {
      const event = parse(e);
      if (event.kind === 'comment.created' && event.mine !== true) this.#announce(plural(1, 'comment'));
      void quiet(this.applyEvent(event));
    });
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

  /** A live comment event: its count and words applied, and only a thread shown here refetched. */
  async applyEvent(event: LiveCommentEvent): Promise<void> {
    const threadId = event.threadId ?? event.commentId;
    const { passageKey, count, span } = event;
    if (passageKey !== undefined && count !== undefined) {
      const byPassage = { ...this.counts.byPassage };
      if (count > 0) byPassage[passageKey] = count;
      else delete byPassage[passageKey];
      this.counts = { ...this.counts, byPassage };
      if (span) this.spans = mergeSpans(this.spans, { [passageKey]: [span] });
    }
    const moderated =
      event.kind === 'comment.hidden' || event.kind === 'comment.deleted' || event.kind === 'comment.visible';
    // Words may have lost their last comment, or the change is one only some may see (a private
    // note, a pending comment, an outdated thread): the summary says what this reader sees.
    if (moderated || (passageKey === undefined && this.signedIn)) return this.refreshComments();
    const shown = threadId !== undefined && this.comments.threads.some((t) => t.id === threadId);
    if (threadId === undefined || !(shown || (passageKey !== undefined && passageKey === this.#open))) return;
    await this.#coalesce(`thread:${threadId}`, async () => {
      const { thread } = await api.comment.thread.query({
        chapterId: this.chapterId,
        revision: this.revision,
        threadId,
      });
      const others = this.comments.threads.filter((t) => t.id !== threadId);
      const at = this.comments.threads.findIndex((t) => t.id === threadId);
      const threads =
        thread === null ? others : at < 0 ? [...others, thread] : others.toSpliced(at, 0, thread);
      this.comments = { ...this.comments, threads };
    });
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

/** A comment event as a listener gets it (packages/api services/live/publish.ts). */
export interface LiveCommentEvent {
  kind?: string;
  mine?: boolean;
  commentId?: string;
  threadId?: string;
  passageKey?: string;
  count?: number;
  span?: [number, number];
}

/** A live event's data (the stream's own JSON). */
function parse(e: Event): LiveCommentEvent {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as LiveCommentEvent;
  } catch {
    return {};
  }
}

/** Overlapping stretches become one (as the server merges them). */
function mergeSpans(...parts: Spans[]): Spans {
  const all: Spans = {};
  for (const part of parts)
    for (const [key, list] of Object.entries(part)) all[key] = [...(all[key] ?? []), ...list];
  for (const [key, list] of Object.entries(all)) {
    const merged: [number, number][] = [];
    for (const [s, e] of list.toSorted((a, b) => a[0] - b[0] || a[1] - b[1])) {
      const last = merged.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    all[key] = merged;
  }
  return all;
}
