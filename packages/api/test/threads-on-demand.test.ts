// The chapter page loads a summary (counts, commented words, outdated threads) and each
// passage's threads when its panel opens (docs/comments.md, "Threads on demand"). Whatever the
// thread — written on the revision read, re-anchored by an edit, located on the fly, hidden,
// a private note, pending — the summary and the per-passage pages must show exactly what the
// full list shows to the same viewer, and never one reader's private note to another.
import type { SessionUser } from '@margins/auth';
import { newId, type Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeSpans, type Spans } from '../src/services/comment/chapter-summary';
import { forListener } from '../src/services/live/event-stream';
import { chapterChannel } from '../src/services/live/channel';
import type { LiveEvent } from '../src/services/live/publish';
import type { ThreadView } from '../src/services/comment/list-comments';
import { readPassages, select } from './comment-helpers';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const A = 'Mark wound the lamp at dusk and wrote teh hour in the ledger, as the keepers before him had done.';
const A_FIXED =
  'Mark wound the lamp at dusk and wrote the hour in the ledger, as the keepers before him had done.';
const B = 'The glass was cold; the gulls had gone quiet over the rocks below the gallery.';
const C = 'Lexie found the ledger open at a page that should have been blank since the spring.';
const D = 'Someone had written tomorrow’s date, and the name of a ship she did not know.';
const upload = (mark: string[], lexie: string[]) => ({
  source: directives(mark, lexie),
  format: 'markdown' as const,
});

function spansFromThreads(threads: ThreadView[]): Spans {
  const spans: Spans = {};
  for (const t of threads)
    if (!t.outdated && t.passageKey !== null && t.start !== null && t.end !== null)
      (spans[t.passageKey] ??= []).push([t.start, t.end]);
  return mergeSpans(spans);
}

function countsFromThreads(threads: ThreadView[]) {
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  for (const t of threads) {
    const n =
      (t.root.status === 'visible' && t.root.visibility === 'public' ? 1 : 0) +
      t.replies.filter((r) => r.visibility === 'public' && r.status === 'visible').length;
    if (n === 0) continue;
    if (t.outdated || t.passageKey === null) outdated += n;
    else byPassage[t.passageKey] = (byPassage[t.passageKey] ?? 0) + n;
  }
  return { byPassage, outdated };
}

describe('threads on demand', () => {
  let fx: StoryFixture;
  let chapterId: string;
  const ids: Record<string, string> = {};
  let viewers: [string, SessionUser | null][];

  /** Summary and passage pages against the full list, for every viewer. */
  async function expectSameAsFullList() {
    for (const [name, user] of viewers) {
      const caller = h.caller(user);
      const list = await caller.comment.list({ chapterId });
      const summary = await caller.comment.summary({ chapterId });
      expect(summary.spans, name).toEqual(spansFromThreads(list.threads));
      expect(summary.counts, name).toEqual(
        countsFromThreads(list.threads.filter((t) => t.root.visibility === 'public' || t.replies.length > 0)),
      );
      expect(summary.threads, `${name}: outdated`).toEqual(
        list.threads.filter((t) => t.outdated || t.passageKey === null),
      );
      const keys = [
        ...new Set(list.threads.flatMap((t) => (t.outdated || t.passageKey === null ? [] : [t.passageKey]))),
      ];
      expect(keys.length, name).toBeGreaterThan(0);
      for (const passageKey of keys) {
        const page = await caller.comment.passage({ chapterId, passageKey });
        expect(page.threads, `${name}: ${passageKey}`).toEqual(
          list.threads.filter((t) => !t.outdated && t.passageKey === passageKey),
        );
        expect(page.nextCursor).toBeNull();
        const opened = await caller.comment.summary({ chapterId, open: passageKey });
        expect(opened.threads).toEqual([...summary.threads, ...page.threads]);
      }
      const tray = await caller.comment.passage({ chapterId, passageKey: null });
      expect(tray.threads, `${name}: tray`).toEqual(summary.threads);
    }
  }

  /** Many comments like `first` at once (the services' rate limits would stop a loop of creates). */
  async function copies(first: { id: string }, n: number) {
    const row = await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: first.id } });
    const at = row.createdAt.getTime();
    await db.prisma.inlineComment.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        ...row,
        id: newId(),
        body: `${row.body} ${i + 1}`,
        createdAt: new Date(at + i + 1),
      })),
    });
  }

  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    ({ chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'On demand',
      upload: upload([A, B], [C, D]),
    }));
    await owner.chapter.publish({ chapterId });
    viewers = [
      ['anonymous', null],
      ['reader', fx.users.reader],
      ['other', fx.users.other],
      ['owner', fx.users.owner],
      ['beta', fx.users.beta],
    ];
  });

  it('match the full list after comments, a private note, moderation and a re-anchoring edit', async () => {
    const reader = h.caller(fx.users.reader);
    const other = h.caller(fx.users.other);
    const v1 = await readPassages(h, fx.users.reader, chapterId);
    ids.typo = (
      await reader.comment.create({
        chapterId,
        ...select(v1, 'wrote teh hour'),
        body: 'Typo',
        type: 'typo',
        visibility: 'public',
      })
    ).id;
    ids.whole = (
      await reader.comment.create({
        chapterId,
        passageKey: select(v1, B).passageKey,
        body: 'Lovely',
        type: 'reaction',
        visibility: 'public',
      })
    ).id;
    ids.blank = (
      await reader.comment.create({
        chapterId,
        ...select(v1, 'should have been blank'),
        body: 'Ominous',
        type: 'reaction',
        visibility: 'public',
      })
    ).id;
    await other.comment.create({
      chapterId,
      parentId: ids.blank,
      body: 'Agreed',
      type: 'reaction',
      visibility: 'public',
    });
    await expectSameAsFullList();

    // A private note on words nobody else commented on: its writer and the story's side see it underlined.
    const noteSpan = select(v1, 'Someone had written');
    const key = noteSpan.passageKey;
    ids.note = (
      await reader.comment.create({
        chapterId,
        ...noteSpan,
        body: 'Secret note',
        type: 'reaction',
        visibility: 'private',
      })
    ).id;
    expect((await reader.comment.summary({ chapterId })).spans[key]).toEqual([
      [noteSpan.start, noteSpan.end],
    ]);
    expect((await h.caller(fx.users.owner).comment.summary({ chapterId })).spans[key]).toEqual([
      [noteSpan.start, noteSpan.end],
    ]);
    expect((await other.comment.summary({ chapterId })).spans[key]).toBeUndefined();
    expect((await h.caller(null).comment.summary({ chapterId })).spans[key]).toBeUndefined();
    expect(JSON.stringify(await other.comment.passage({ chapterId, passageKey: key }))).not.toContain(
      'Secret note',
    );
    expect(JSON.stringify(await h.caller(null).comment.summary({ chapterId, open: key }))).not.toContain(
      'Secret note',
    );
    expect(JSON.stringify(await reader.comment.passage({ chapterId, passageKey: key }))).toContain(
      'Secret note',
    );
    await expectSameAsFullList();

    // Moderation: a hidden root with a reply stays as a placeholder; a hidden lone one is gone.
    ids.ship = (
      await reader.comment.create({
        chapterId,
        ...select(v1, 'name of a ship'),
        body: 'Hidden later',
        type: 'critique',
        visibility: 'public',
      })
    ).id;
    await other.comment.create({
      chapterId,
      parentId: ids.ship,
      body: 'A reply that stays',
      type: 'reaction',
      visibility: 'public',
    });
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: ids.ship, status: 'hidden' });
    const lone = (
      await other.comment.create({
        chapterId,
        ...select(v1, 'tomorrow’s date'),
        body: 'Hidden alone',
        type: 'critique',
        visibility: 'public',
      })
    ).id;
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: lone, status: 'hidden' });
    await expectSameAsFullList();

    // An edit that re-anchors (typo fixed, C removed), published; then a co-author's comment on a
    // newer draft, located on the fly on the published text.
    const owner = h.caller(fx.users.owner);
    await owner.chapter.edit({ chapterId, upload: upload([A_FIXED, B], [D]) });
    await owner.chapter.publish({ chapterId });
    await owner.chapter.edit({ chapterId, upload: upload([B, A_FIXED], [D]) });
    const draft = await readPassages(h, fx.users.coauthor, chapterId, true);
    await h.caller(fx.users.coauthor).comment.create({
      chapterId,
      ...select(draft, 'the gulls had gone quiet'),
      body: 'From the draft',
      type: 'reaction',
      visibility: 'public',
      revision: 'current',
    });
    const list = await h.caller(null).comment.list({ chapterId });
    expect(list.threads.find((t) => t.id === ids.typo)?.method).toBe('fuzzy');
    expect(list.threads.find((t) => t.id === ids.blank)?.outdated).toBe(true);
    await expectSameAsFullList();
  });

  it('pages a long passage thread list', async () => {
    const passages = await readPassages(h, null, chapterId);
    const key = select(passages, D).passageKey;
    await copies(
      await h.caller(fx.users.other).comment.create({
        chapterId,
        passageKey: key,
        body: 'Paged',
        type: 'reaction',
        visibility: 'public',
      }),
      5,
    );
    const full = (await h.caller(null).comment.list({ chapterId })).threads.filter(
      (t) => !t.outdated && t.passageKey === key,
    );
    expect(full.length).toBeGreaterThan(4);
    const seen: ThreadView[] = [];
    let cursor: number | undefined = 0;
    let pages = 0;
    while (cursor !== undefined) {
      const page = await h.caller(null).comment.passage({ chapterId, passageKey: key, cursor, limit: 2 });
      seen.push(...page.threads);
      cursor = page.nextCursor ?? undefined;
      pages++;
    }
    expect(pages).toBe(Math.ceil(full.length / 2));
    expect(seen).toEqual(full);
  });

  it('the summary is sized by passages: thirty comments on one phrase are one span', async () => {
    const passages = await readPassages(h, null, chapterId);
    const phrase = select(passages, 'the gulls had gone quiet');
    const before = await h.caller(null).comment.summary({ chapterId });
    await copies(
      await h
        .caller(fx.users.other)
        .comment.create({ chapterId, ...phrase, body: 'Gulls 0', type: 'reaction', visibility: 'public' }),
      29,
    );
    const after = await h.caller(null).comment.summary({ chapterId });
    expect(after.counts.byPassage[phrase.passageKey]).toBe(
      (before.counts.byPassage[phrase.passageKey] ?? 0) + 30,
    );
    expect(after.spans[phrase.passageKey]?.length).toBeLessThanOrEqual(
      (before.spans[phrase.passageKey]?.length ?? 0) + 1,
    );
    expect(JSON.stringify(after)).not.toContain('Gulls ');
  });

  it('live events say whose comment it is to its author only, and carry no author id', () => {
    const event = { kind: 'comment.created', chapterId, commentId: 'c1', authorId: fx.users.reader.id };
    expect(forListener(event, fx.users.reader.id)).toEqual({
      kind: 'comment.created',
      chapterId,
      commentId: 'c1',
      mine: true,
    });
    expect(forListener(event, fx.users.other.id)).toEqual({
      kind: 'comment.created',
      chapterId,
      commentId: 'c1',
      mine: false,
    });
    expect(JSON.stringify(forListener(event, null))).not.toContain(fx.users.reader.id);
  });

  it('a live event carries its passage’s new count (the same as the summary’s) and a new thread’s words', async () => {
    const passages = await readPassages(h, null, chapterId);
    const events: LiveEvent[] = [];
    const stop = await db.pubsub.subscribe(chapterChannel(chapterId), (p) => events.push(p as LiveEvent));
    try {
      const phrase = select(passages, 'wrote the hour');
      const root = await h
        .caller(fx.users.other)
        .comment.create({ chapterId, ...phrase, body: 'Live root', type: 'reaction', visibility: 'public' });
      // A reply on a re-anchored thread (written on revision 1, shown on revision 2).
      await h.caller(fx.users.other).comment.create({
        chapterId,
        parentId: ids.typo,
        body: 'Live reply',
        type: 'reaction',
        visibility: 'public',
      });
      await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: root.id, status: 'hidden' });
      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(3);
      const summary = await h.caller(null).comment.summary({ chapterId });
      const [created, reply, hidden] = events;
      expect(created).toMatchObject({
        kind: 'comment.created',
        passageKey: phrase.passageKey,
        span: [phrase.start, phrase.end],
      });
      expect(reply).toMatchObject({
        kind: 'comment.created',
        threadId: ids.typo,
        passageKey: phrase.passageKey,
      });
      expect(reply?.span).toBeUndefined();
      expect(hidden).toMatchObject({
        kind: 'comment.hidden',
        passageKey: phrase.passageKey,
        count: summary.counts.byPassage[phrase.passageKey],
      });
      expect(reply!.count).toBe(hidden!.count! + 1);
      expect(created!.count).toBe(reply!.count! - 1);
      const thread = await h.caller(null).comment.thread({ chapterId, threadId: ids.typo as string });
      expect(thread.thread?.replies.map((r) => r.body)).toContain('Live reply');
      expect(
        (await h.caller(fx.users.other).comment.thread({ chapterId, threadId: ids.note as string })).thread,
      ).toBeNull();
    } finally {
      await stop();
    }
  });
});
