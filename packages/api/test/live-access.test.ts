// Live streams end when their listener loses access (issue 14, "Deliver 7"): the story turns
// private, the chapter goes back to draft, the listener is removed from the story, the story is
// deleted. The stream says `event: end` and closes; nothing after it reaches the listener. And
// the re-check stays cheap: an access change heard by 200 listeners is one query, ordinary events
// none while the answers are fresh. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { SessionUser } from '@margins/auth';
import { newId, type Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapterChannel } from '../src/services/live/channel';
import { ACCESS_ENDED, liveEventStream } from '../src/services/live/event-stream';
import { ACCESS_TTL_MS, LiveAccess } from '../src/services/live/live-access';
import { liveAccessCheck } from '../src/services/live/live-channel';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

/** A stream as the SSE endpoint opens it, read in the background into `text`. */
function listen(
  chapterId: string,
  userId: string | null,
  stillAllowed = liveAccessCheck({ db, chapterId, userId }),
) {
  const abort = new AbortController();
  const stream = liveEventStream({
    pubsub: db.pubsub,
    channel: chapterChannel(chapterId),
    signal: abort.signal,
    stillAllowed,
  });
  const state = { text: '', ended: false };
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      state.text += decoder.decode(value, { stream: true });
    }
    state.ended = true;
  })();
  return {
    state,
    /** Waits (bounded) until the stream has sent `needle`. */
    async until(needle: string) {
      await expect.poll(() => state.text.includes(needle), { timeout: 10_000, interval: 20 }).toBe(true);
    },
    async ended() {
      await expect.poll(() => state.ended, { timeout: 10_000, interval: 20 }).toBe(true);
      await pump;
    },
    close: () => abort.abort(),
  };
}

async function comment(fx: StoryFixture, user: SessionUser, body: string) {
  const at = select(await readPassages(h, fx.users.owner, fx.liveChapterId), 'opens');
  return h
    .caller(user)
    .comment.create({ chapterId: fx.liveChapterId, ...at, body, type: 'reaction', visibility: 'public' });
}

describe('live streams end when access is gone', () => {
  it('a listener on a public story stops receiving, and its stream ends, when the story turns private', async () => {
    const fx = await storyFixture(h, 'public');
    const anonymous = listen(fx.liveChapterId, null);
    const reader = listen(fx.liveChapterId, fx.users.reader.id);
    const owner = listen(fx.liveChapterId, fx.users.owner.id);
    await Promise.all([
      anonymous.until('event: ready'),
      reader.until('event: ready'),
      owner.until('event: ready'),
    ]);

    const before = await comment(fx, fx.users.reader, 'While public');
    await Promise.all([anonymous, reader, owner].map((l) => l.until(before.id)));

    await h.caller(fx.users.owner).story.unpublish({ storyId: fx.storyId });
    for (const gone of [anonymous, reader]) {
      await gone.ended();
      expect(gone.state.text.endsWith(ACCESS_ENDED)).toBe(true);
    }
    // Members keep listening, and hear what comes next; the readers' streams are over.
    const after = await comment(fx, fx.users.coauthor, 'While private');
    await owner.until(after.id);
    expect(owner.state.ended).toBe(false);
    for (const gone of [anonymous, reader]) expect(gone.state.text).not.toContain(after.id);
    // The announcement itself is never forwarded.
    expect(owner.state.text).not.toContain('access.changed');
    owner.close();
    await owner.ended();
  });

  it('ends a reader’s stream when the chapter goes back to draft or is rescheduled, and every stream when it is deleted', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    const first = listen(fx.liveChapterId, null);
    await first.until('event: ready');
    await owner.chapter.unpublish({ chapterId: fx.liveChapterId });
    await first.ended();
    expect(first.state.text.endsWith(ACCESS_ENDED)).toBe(true);

    await owner.chapter.publish({ chapterId: fx.liveChapterId });
    const second = listen(fx.liveChapterId, fx.users.other.id);
    await second.until('event: ready');
    await owner.chapter.schedule({
      chapterId: fx.liveChapterId,
      publishAt: new Date(Date.now() + 86_400_000),
    });
    await second.ended();
    expect(second.state.text.endsWith(ACCESS_ENDED)).toBe(true);

    const member = listen(fx.liveChapterId, fx.users.coauthor.id);
    await member.until('event: ready');
    await owner.chapter.delete({ chapterId: fx.liveChapterId });
    await member.ended();
    expect(member.state.text.endsWith(ACCESS_ENDED)).toBe(true);
  });

  it('ends a removed member’s stream on a private story; the other members keep theirs', async () => {
    const fx = await storyFixture(h, 'private');
    const beta = listen(fx.draftChapterId, fx.users.beta.id);
    const coauthor = listen(fx.draftChapterId, fx.users.coauthor.id);
    await Promise.all([beta.until('event: ready'), coauthor.until('event: ready')]);
    await h.caller(fx.users.owner).story.removeMember({ storyId: fx.storyId, userId: fx.users.beta.id });
    await beta.ended();
    expect(beta.state.text.endsWith(ACCESS_ENDED)).toBe(true);
    const review = await h.caller(fx.users.coauthor).comment.create({
      chapterId: fx.draftChapterId,
      ...select(await readPassages(h, fx.users.owner, fx.draftChapterId), 'closes'),
      body: 'Still here',
      type: 'reaction',
      visibility: 'public',
    });
    await coauthor.until(review.id);
    expect(coauthor.state.ended).toBe(false);
    coauthor.close();
  });

  it('ends every stream of a deleted story', async () => {
    const fx = await storyFixture(h, 'public');
    const l = listen(fx.liveChapterId, null);
    await l.until('event: ready');
    await h.caller(fx.users.owner).story.delete({ storyId: fx.storyId });
    await l.ended();
    expect(l.state.text.endsWith(ACCESS_ENDED)).toBe(true);
  });

  it('delivers nothing unchecked when the check cannot run, and checks afresh next time', async () => {
    const fx = await storyFixture(h, 'public');
    const asked: boolean[] = [];
    let failing = true;
    const l = listen(fx.liveChapterId, null, async (fresh) => {
      asked.push(fresh);
      if (failing) throw new Error('database unavailable');
      return true;
    });
    await l.until('event: ready');
    const lost = await comment(fx, fx.users.reader, 'Lost');
    await expect.poll(() => asked.length, { timeout: 10_000 }).toBe(1);
    // An access change whose check fails too: the next event's check is a fresh one.
    await db.pubsub.publish(chapterChannel(fx.liveChapterId), {
      kind: 'access.changed',
      chapterId: fx.liveChapterId,
    });
    await expect.poll(() => asked.length, { timeout: 10_000 }).toBe(2);
    failing = false;
    const kept = await comment(fx, fx.users.reader, 'Kept');
    await l.until(kept.id);
    expect(l.state.text).not.toContain(lost.id);
    expect(asked).toEqual([false, true, true]);
    l.close();
  });
});

describe('the re-check is cheap', () => {
  it('200 listeners: one query per access change, none per event while answers are fresh, one per chapter after the TTL', async () => {
    const fx = await storyFixture(h, 'public');
    let clock = Date.now();
    const access = new LiveAccess({ db, now: () => new Date(clock) });
    const check = (userId: string | null) => (fresh: boolean) =>
      access.allowed(fx.liveChapterId, userId, fresh);
    // 150 anonymous visitors and 50 signed-in readers (ids of no member: readers).
    const listeners = [
      ...Array.from({ length: 150 }, () => listen(fx.liveChapterId, null, check(null))),
      ...Array.from({ length: 50 }, () => {
        const userId = newId();
        return listen(fx.liveChapterId, userId, check(userId));
      }),
    ];
    await Promise.all(listeners.map((l) => l.until('event: ready')));
    const everyone = async (id: string) => Promise.all(listeners.map((l) => l.until(id)));

    // The first event: no answer kept yet, so one query for all 200.
    await everyone((await comment(fx, fx.users.reader, 'One')).id);
    expect(access.queries).toBe(1);
    // Five more while the answers are fresh: no query at all.
    for (let i = 0; i < 5; i++) await everyone((await comment(fx, fx.users.reader, `More ${i}`)).id);
    expect(access.queries).toBe(1);
    // Past the TTL: one query again, for everyone.
    clock += ACCESS_TTL_MS + 1;
    await everyone((await comment(fx, fx.users.reader, 'Later')).id);
    expect(access.queries).toBe(2);
    // An access change: one query, and every stream ends.
    await h.caller(fx.users.owner).story.unpublish({ storyId: fx.storyId });
    await Promise.all(listeners.map((l) => l.ended()));
    expect(access.queries).toBe(3);
    expect(listeners.every((l) => l.state.text.endsWith(ACCESS_ENDED))).toBe(true);
  });
});
