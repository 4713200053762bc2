// Draft words stay with members (issue 14, M1; docs/comments.md "Draft words"). A co-author's
// public comments on phrases of the unpublished draft are listed to readers on the published
// text; no route a non-member can call may hand them the draft's words, nor a passage key that
// only the draft has. Each check serialises the whole answer and searches it, so a new field
// carrying a quote, a prefix/suffix or draft text fails it too. Members still get the words.
// Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { SessionUser } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapterChannel } from '../src/services/live/channel';
import type { LiveEvent } from '../src/services/live/publish';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
let scene: Awaited<ReturnType<typeof buildScene>>;

/** Words that exist only in the unpublished draft (revision 2). */
const DRAFT = /zanzibar|quillwort|quold/i;
const PUBLISHED_TEXT = [
  'The harbour lights came on one by one.',
  'Mara counted the gulls on the pier while the tea went cold.',
];
const DRAFT_TEXT = [
  // An old passage with a draft word next to a phrase both revisions share: the shared phrase's
  // stored prefix/suffix carry the draft word.
  'The harbour lights came on one by one, zanzibar bright.',
  // One word changed: a phrase over it is found on the published text only approximately.
  'Mara counted the gulls on the pier while the tea went quold.',
  // A passage only the draft has (its key exists nowhere else).
  'Quillwort glimmered over the breakwater at dusk.',
];
const md = (passages: string[]) => ({ source: `${passages.join('\n\n')}\n`, format: 'markdown' as const });

async function buildScene() {
  const owner = h.caller(fx.users.owner);
  const coauthor = h.caller(fx.users.coauthor);
  const { chapterId } = await owner.chapter.create({
    storyId: fx.storyId,
    title: 'Harbour',
    upload: md(PUBLISHED_TEXT),
  });
  await owner.chapter.publish({ chapterId });
  const published = await readPassages(h, null, chapterId);

  // A beta round on the published revision: its reader may read that revision, not the next draft.
  const roundReader = await h.user('round');
  const { id: roundId } = await owner.beta.open({ chapterId });
  await owner.beta.invite({ roundId, username: roundReader.username });

  // A reader's comment on the published text, before the draft exists.
  const reader = h.caller(fx.users.reader);
  const readerThread = await reader.comment.create({
    chapterId,
    ...select(published, 'gulls on the pier'),
    body: 'Reader on the gulls',
    type: 'reaction',
    visibility: 'public',
  });
  const readerOnLights = await reader.comment.create({
    chapterId,
    ...select(published, 'came on one by one'),
    body: 'Reader on the lights',
    type: 'reaction',
    visibility: 'public',
  });

  await owner.chapter.edit({ chapterId, upload: md(DRAFT_TEXT) });
  const draft = await readPassages(h, fx.users.owner, chapterId, true);
  const draftOnlyKey = draft.find((p) => p.text.startsWith('Quillwort'))!.key;
  expect(published.map((p) => p.key)).not.toContain(draftOnlyKey);

  // Live events of the members' comments, as any listener of the chapter gets them.
  const events: LiveEvent[] = [];
  const stop = await db.pubsub.subscribe(chapterChannel(chapterId), (p) => events.push(p as LiveEvent));
  const onDraft = { revision: 'current' as const, type: 'critique' as const, visibility: 'public' as const };
  // Lands nowhere in the published text (a passage only the draft has).
  const newWords = await coauthor.comment.create({
    chapterId,
    ...select(draft, 'Quillwort glimmered'),
    body: 'Co-author on the new passage',
    ...onDraft,
  });
  // The whole draft-only passage.
  const newPassage = await coauthor.comment.create({
    chapterId,
    passageKey: draftOnlyKey,
    body: 'Co-author on the whole new passage',
    ...onDraft,
  });
  // Shared words: lands on the published text; its stored suffix holds a draft word.
  const shared = await coauthor.comment.create({
    chapterId,
    ...select(draft, 'harbour lights'),
    body: 'Co-author on the harbour lights',
    ...onDraft,
  });
  // Found on the published text only approximately (fuzzy): over a changed word.
  const fuzzy = await coauthor.comment.create({
    chapterId,
    ...select(draft, 'counted the gulls on the pier while the tea went quold'),
    body: 'Co-author on the cold tea',
    ...onDraft,
  });
  // A reader answers the thread they can see; the co-author answers back (a reply notification).
  const readerReply = await reader.comment.create({
    chapterId,
    parentId: newWords.id,
    body: 'Reader asks about it',
    type: 'reaction',
    visibility: 'public',
  });
  await coauthor.comment.create({
    chapterId,
    parentId: readerReply.id,
    body: 'Co-author answers the reader',
    type: 'reaction',
    visibility: 'public',
  });
  // (expect.poll works only inside a test.)
  for (let i = 0; events.length < 6 && i < 200; i++) await new Promise((r) => setTimeout(r, 50));
  expect(events).toHaveLength(6);
  await stop();

  // The chapter's number as readers count (among the chapters they can see).
  const number =
    (await h.caller(null).reading.toc({ slug: fx.slug })).chapters.findIndex((c) => c.id === chapterId) + 1;
  expect(number).toBeGreaterThan(0);
  return {
    chapterId,
    number,
    roundId,
    roundReader,
    published,
    draftOnlyKey,
    events,
    threads: { newWords, newPassage, shared, fuzzy, readerThread, readerOnLights },
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
  scene = await buildScene();
});
afterAll(async () => {
  await db?.close();
});

type Caller = ReturnType<Harness['caller']>;

/** Everything a caller gets from every chapter route, answers and refusals alike, as one string. */
async function everything(caller: Caller, signedIn: boolean): Promise<string> {
  const { chapterId, number, roundId } = scene;
  const calls: Record<string, () => Promise<unknown>> = {
    'comment.list': () => caller.comment.list({ chapterId }),
    'comment.list current': () => caller.comment.list({ chapterId, revision: 'current' }),
    'comment.list published': () => caller.comment.list({ chapterId, revision: 'published' }),
    'comment.counts': () => caller.comment.counts({ chapterId }),
    'comment.counts current': () => caller.comment.counts({ chapterId, revision: 'current' }),
    'reading.chapter': () => caller.reading.chapter({ chapterId }),
    'reading.chapter draft': () => caller.reading.chapter({ chapterId, draft: true }),
    'reading.toc': () => caller.reading.toc({ slug: fx.slug }),
    'review.list': () => caller.review.list({ chapterId }),
    'export.markdown': () => caller.export.markdown({ slug: fx.slug }),
    'export.chapter': () => caller.export.chapter({ slug: fx.slug, number }),
    // The EPUB's files are deflated: search them unzipped.
    'export.epub': async () => {
      const { base64 } = await caller.export.epub({ slug: fx.slug });
      return Object.values(unzipSync(new Uint8Array(Buffer.from(base64, 'base64')))).map((f) => strFromU8(f));
    },
    'export.feed': () => caller.export.feed({ slug: fx.slug }),
    'story.bySlug': () => caller.story.bySlug({ slug: fx.slug }),
    'comment.liveChannel': () => caller.comment.liveChannel({ chapterId }),
    ...(signedIn
      ? {
          'notification.list': () => caller.notification.list({}),
          'comment.outdated': () => caller.comment.outdated({ chapterId }),
          'feedback.todo': () => caller.feedback.todo({ chapterId }),
          'beta.mine': () => caller.beta.mine(),
          'beta.read': () => caller.beta.read({ roundId }),
          'beta.feedback': () => caller.beta.feedback({ roundId }),
        }
      : {}),
  };
  const answers: Record<string, unknown> = {};
  for (const [name, call] of Object.entries(calls)) {
    answers[name] = await call().catch((e: unknown) => ({
      refused: e instanceof Error ? e.message : String(e),
    }));
  }
  return JSON.stringify(answers);
}

describe('draft words stay with members', () => {
  const readers: [string, () => Caller, boolean][] = [
    ['an anonymous visitor', () => h.caller(null), false],
    ['a signed-in reader (who commented and was answered)', () => h.caller(fx.users.reader), true],
    ['an outsider', () => h.caller(fx.users.other), true],
    ['a read token of a non-member', () => h.caller(fx.users.other, { tokenScope: 'read' }), true],
    ['a beta-round reader (of the published revision)', () => h.caller(scene.roundReader), true],
  ];

  it.each(readers)(
    '%s gets no draft word and no draft-only passage key from any route',
    async (_who, caller, signedIn) => {
      const got = await everything(caller(), signedIn);
      expect(got).not.toMatch(DRAFT);
      expect(got).not.toContain(scene.draftOnlyKey);
      // Not vacuous: the members' public threads on the draft were listed to this caller.
      expect(got).toContain('Co-author on the new passage');
      expect(got).toContain('Co-author on the harbour lights');
      expect(got).toContain('Co-author on the cold tea');
    },
  );

  it('readers see a draft thread where it lands on their text, with their text’s words, or without words', async () => {
    const { threads } = await h.caller(null).comment.list({ chapterId: scene.chapterId });
    const byId = new Map(threads.map((t) => [t.id, t]));
    const [p1, p2] = scene.published;
    // Shared words: on the published passage, quoted from the published text.
    expect(byId.get(scene.threads.shared.id)).toMatchObject({
      passageKey: p1!.key,
      quote: 'harbour lights',
      withheld: null,
      outdated: false,
    });
    // Found approximately: the published words it covers, not the draft's.
    expect(byId.get(scene.threads.fuzzy.id)).toMatchObject({
      passageKey: p2!.key,
      method: 'fuzzy',
      quote: 'counted the gulls on the pier while the tea went cold',
      withheld: null,
    });
    // On words only the draft has: listed (never dropped), no words, marked as a newer draft's.
    expect(byId.get(scene.threads.newWords.id)).toMatchObject({
      passageKey: null,
      quote: null,
      withheld: 'newer',
      outdated: true,
    });
    expect(byId.get(scene.threads.newWords.id)?.replies.map((r) => r.body)).toEqual([
      'Reader asks about it',
      'Co-author answers the reader',
    ]);
    expect(byId.get(scene.threads.newPassage.id)).toMatchObject({
      quote: null,
      withheld: 'newer',
      outdated: true,
    });
    // Written on the published text: its own words.
    expect(byId.get(scene.threads.readerThread.id)).toMatchObject({
      passageKey: p2!.key,
      quote: 'gulls on the pier',
      withheld: null,
    });
  });

  it('live events carry no draft-only passage key (nor words)', () => {
    const publishedKeys = new Set(scene.published.map((p) => p.key));
    expect(JSON.stringify(scene.events)).not.toMatch(DRAFT);
    expect(JSON.stringify(scene.events)).not.toContain(scene.draftOnlyKey);
    for (const e of scene.events) {
      if (e.passageKey !== undefined) expect(publishedKeys).toContain(e.passageKey);
    }
  });

  it('approving a reader’s reply in a draft thread announces no draft-only passage key', async () => {
    const owner = h.caller(fx.users.owner);
    const newcomer = await h.user('newcomer');
    await owner.moderation.setApproveFirstComments({ storyId: fx.storyId, enabled: true });
    try {
      const reply = await h.caller(newcomer).comment.create({
        chapterId: scene.chapterId,
        parentId: scene.threads.newWords.id,
        body: 'First words',
        type: 'reaction',
        visibility: 'public',
      });
      expect(reply.status).toBe('pending');
      const events: LiveEvent[] = [];
      const stop = await db.pubsub.subscribe(chapterChannel(scene.chapterId), (p) =>
        events.push(p as LiveEvent),
      );
      await owner.moderation.approve({ commentId: reply.id });
      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
      await stop();
      expect(events[0]).toMatchObject({ kind: 'comment.visible', commentId: reply.id });
      expect(events[0]!.passageKey).toBeUndefined();
      expect(JSON.stringify(events)).not.toContain(scene.draftOnlyKey);
    } finally {
      await owner.moderation.setApproveFirstComments({ storyId: fx.storyId, enabled: false });
    }
  });

  it.each(['owner', 'coauthor', 'beta'] as const)(
    'the story’s %s still gets the draft words',
    async (role) => {
      const member = h.caller(fx.users[role]);
      const current = await member.comment.list({ chapterId: scene.chapterId, revision: 'current' });
      expect(current.threads.find((t) => t.id === scene.threads.newWords.id)).toMatchObject({
        quote: 'Quillwort glimmered',
        withheld: null,
        outdated: false,
      });
      // On the published text too: a member may read the revision it was written on.
      const published = await member.comment.list({ chapterId: scene.chapterId, revision: 'published' });
      expect(published.threads.find((t) => t.id === scene.threads.newWords.id)).toMatchObject({
        quote: 'Quillwort glimmered',
        withheld: null,
        outdated: true,
      });
    },
  );

  it('a reply notification never reaches someone who can no longer read the chapter', async () => {
    const { chapterId } = scene;
    const reader: SessionUser = fx.users.reader;
    const owner = h.caller(fx.users.owner);
    const before = (await h.caller(reader).notification.list({})).items.length;
    await owner.story.unpublish({ storyId: fx.storyId });
    try {
      await h.caller(fx.users.coauthor).comment.create({
        chapterId,
        parentId: scene.threads.readerThread.id,
        body: 'Answered while private',
        type: 'reaction',
        visibility: 'public',
      });
      const after = await h.caller(reader).notification.list({});
      expect(after.items.length).toBe(before);
      expect(JSON.stringify(after)).not.toContain('Answered while private');
    } finally {
      await owner.story.publish({ storyId: fx.storyId });
    }
  });
});

describe('revisions readers could once read (ChapterRevision.publicAt)', () => {
  const publicAt = async (chapterId: string) =>
    (
      await db.prisma.chapterRevision.findMany({
        where: { chapterId },
        orderBy: { number: 'asc' },
        select: { publicAt: true },
      })
    ).map((r) => r.publicAt);

  it('a draft replaced before it was published never shows its words; once-published words keep showing', async () => {
    const { chapterId } = scene;
    const owner = h.caller(fx.users.owner);
    // Revision 3 drops every draft word (and the reader's "came on one by one"), and is published.
    await owner.chapter.edit({
      chapterId,
      upload: md([
        'The harbour lights flickered.',
        'Mara counted the gulls on the pier while the tea went cold.',
        'The ferry was late again.',
      ]),
    });
    await owner.chapter.publish({ chapterId });
    const [r1, r2, r3] = await publicAt(chapterId);
    expect(r1).not.toBeNull();
    expect(r2).toBeNull();
    expect(r3).not.toBeNull();

    const got = await everything(h.caller(null), false);
    expect(got).not.toMatch(DRAFT);
    expect(got).not.toContain(scene.draftOnlyKey);
    const { threads } = await h.caller(null).comment.list({ chapterId });
    const byId = new Map(threads.map((t) => [t.id, t]));
    // Written on the never-published draft, gone from revision 3: listed without words.
    expect(byId.get(scene.threads.newWords.id)).toMatchObject({
      outdated: true,
      quote: null,
      withheld: 'earlier',
    });
    // Written on revision 1, which readers read: its words stay, marked outdated.
    expect(byId.get(scene.threads.readerOnLights.id)).toMatchObject({
      outdated: true,
      quote: 'came on one by one',
      withheld: null,
    });
  });

  it('a chapter published in a private story is public only once the story is; a schedule that never came due leaves nothing', async () => {
    const hidden = await storyFixture(h, 'private');
    const owner = h.caller(hidden.users.owner);
    const chapterId = hidden.liveChapterId;
    const passages = await readPassages(h, hidden.users.owner, chapterId);
    await h.caller(hidden.users.coauthor).comment.create({
      chapterId,
      ...select(passages, 'opens the ledger'),
      body: 'Co-author before anyone read it',
      type: 'critique',
      visibility: 'public',
    });
    expect(await publicAt(chapterId)).toEqual([null]);
    // Replaced (and republished) before the story went public: revision 1 was never readable.
    await owner.chapter.edit({
      chapterId,
      upload: { source: '::: pov Mark\nMark shuts the book.\n:::\n', format: 'markdown' },
    });
    await owner.chapter.publish({ chapterId });
    await owner.story.publish({ storyId: hidden.storyId });
    const [first, second] = await publicAt(chapterId);
    expect(first).toBeNull();
    expect(second).not.toBeNull();
    const list = JSON.stringify(await h.caller(null).comment.list({ chapterId }));
    expect(list).toContain('Co-author before anyone read it');
    expect(list).not.toContain('opens the ledger');

    // Scheduled, then unscheduled before it came due: its revision never becomes public.
    const draftId = hidden.draftChapterId;
    await owner.chapter.schedule({ chapterId: draftId, publishAt: new Date(Date.now() + 86_400_000) });
    expect((await publicAt(draftId))[0]!.getTime()).toBeGreaterThan(Date.now());
    await owner.chapter.unpublish({ chapterId: draftId });
    expect(await publicAt(draftId)).toEqual([null]);
    // Scheduled again, then the story turns private before it comes due: nothing either.
    await owner.chapter.schedule({ chapterId: draftId, publishAt: new Date(Date.now() + 86_400_000) });
    await owner.story.unpublish({ storyId: hidden.storyId });
    expect(await publicAt(draftId)).toEqual([null]);
    // Words once public stay public: making the story private does not take them back.
    expect((await publicAt(chapterId))[1]).not.toBeNull();
  });
});
