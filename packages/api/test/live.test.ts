// Live updates: events reach subscribers after the write commits, carry ids and counts only, and
// cross app instances on PostgreSQL; the SSE stream frames them and cleans up on abort.
import { openDatabase, type Database, type PubSub } from '@margins/db';
import { openTestDatabase, testDatabaseUrl } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveEventStream } from '../src/services/live/event-stream';
import { chapterChannel } from '../src/services/live/channel';
import type { LiveEvent } from '../src/services/live/publish';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
});
afterAll(async () => {
  await db?.close();
});

/** Collects events on a chapter's channel of `handle` until stopped. */
async function listen(handle: Database, chapterId: string) {
  const events: LiveEvent[] = [];
  const stop = await handle.pubsub.subscribe(chapterChannel(chapterId), (p) => events.push(p as LiveEvent));
  return { events, stop };
}

describe('live updates', () => {
  it('channel names are valid NOTIFY identifiers and distinct for ids differing only in case', () => {
    expect(chapterChannel('AbC-_x')).toMatch(/^[a-z0-9_]{1,63}$/);
    expect(chapterChannel('abc')).not.toBe(chapterChannel('ABC'));
  });

  it('fans out comment and review events with ids and counts, never bodies', async () => {
    const { events, stop } = await listen(db, fx.liveChapterId);
    try {
      const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
      const reader = h.caller(fx.users.reader);
      const pub = await reader.comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: 'Public words',
        type: 'reaction',
        visibility: 'public',
      });
      const priv = await reader.comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: 'Secret words',
        type: 'typo',
        visibility: 'private',
      });
      await reader.comment.update({ commentId: pub.id, body: 'Edited words' });
      await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: pub.id, status: 'hidden' });
      await reader.comment.delete({ commentId: priv.id });
      const review = await reader.review.upsert({
        chapterId: fx.liveChapterId,
        verdict: 'yay',
        body: 'Review words',
      });

      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(6);
      expect(events.map((e) => [e.kind, e.commentId ?? e.reviewId])).toEqual([
        ['comment.created', pub.id],
        ['comment.created', priv.id],
        ['comment.updated', pub.id],
        ['comment.hidden', pub.id],
        ['comment.deleted', priv.id],
        ['review.created', review.id],
      ]);
      const created = events[0]!;
      // The change itself: the passage, its new count and the new thread's words (no chapter-wide counts).
      expect(created).toMatchObject({
        chapterId: fx.liveChapterId,
        passageKey: at.passageKey,
        count: 1,
        span: [at.start, at.end],
      });
      expect(events[3]).toMatchObject({ passageKey: at.passageKey, count: 0 });
      // A private note's event says that something changed, not where nor what.
      expect(events[1]!.passageKey).toBeUndefined();
      expect(events[1]!.count).toBeUndefined();
      expect(events[1]!.span).toBeUndefined();
      expect(JSON.stringify(events)).not.toMatch(/words/);
    } finally {
      await stop();
    }
  });

  it('reaches a second app instance (a second database handle) on PostgreSQL', async () => {
    // PGlite is one process: there the same handle stands in for the other instance.
    const url = testDatabaseUrl();
    const other = url ? await openDatabase({ kind: 'postgres', url }) : db;
    try {
      const { events, stop } = await listen(other, fx.liveChapterId);
      const at = select(await readPassages(h, fx.users.other, fx.liveChapterId), 'Lexie');
      const { id } = await h.caller(fx.users.other).comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: 'Across',
        type: 'reaction',
        visibility: 'public',
      });
      await expect.poll(() => events.map((e) => e.commentId), { timeout: 10_000 }).toContain(id);
      await stop();
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('the SSE stream sends ready, framed events and heartbeats, and unsubscribes on abort', async () => {
    // The real pub/sub, counting live subscriptions.
    let active = 0;
    const pubsub: PubSub = {
      publish: (c, p) => db.pubsub.publish(c, p),
      close: () => db.pubsub.close(),
      async subscribe(channel, listener) {
        const release = await db.pubsub.subscribe(channel, listener);
        active += 1;
        return async () => {
          active -= 1;
          await release();
        };
      },
    };
    const abort = new AbortController();
    const stream = liveEventStream({
      pubsub,
      channel: chapterChannel(fx.liveChapterId),
      signal: abort.signal,
      heartbeatMs: 20,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: ready\n');
    expect(text.startsWith('retry: ')).toBe(true);
    expect(active).toBe(1);

    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const { id } = await h.caller(fx.users.beta).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Streamed body',
      type: 'reaction',
      visibility: 'public',
    });
    await readUntil(`"commentId":"${id}"`);
    const frame = text.slice(text.lastIndexOf('event: comment\n'));
    expect(frame).toMatch(/^event: comment\ndata: \{.*\}\n\n/);
    expect(JSON.parse(frame.split('\n')[1]!.slice('data: '.length))).toMatchObject({
      kind: 'comment.created',
      commentId: id,
      chapterId: fx.liveChapterId,
    });
    expect(text).not.toContain('Streamed body');
    await readUntil(': heartbeat\n\n');

    abort.abort();
    // After abort the stream ends and its subscription is released.
    let done = false;
    while (!done) done = (await reader.read()).done;
    await expect.poll(() => active, { timeout: 10_000 }).toBe(0);
  });

  it('the SSE stream sends ready again when events may have been missed (the LISTEN connection came back), so the browser refetches', async () => {
    let gap: (() => void) | undefined;
    const pubsub: PubSub = {
      publish: async () => {},
      close: async () => {},
      async subscribe(_channel, _listener, onGap) {
        gap = onGap;
        return async () => {};
      },
    };
    const abort = new AbortController();
    const reader = liveEventStream({ pubsub, channel: 'c_gap', signal: abort.signal }).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readyCount = () => text.split('event: ready\n').length - 1;
    const readUntilReady = async (n: number) => {
      while (readyCount() < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ready #${n}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntilReady(1);
    expect(gap).toBeTypeOf('function');
    gap!();
    await readUntilReady(2);
    expect(readyCount()).toBe(2);
    abort.abort();
  });
});
