// Leaving (docs/accounts.md): the account archive round-trips its stories through story.import,
// and deleting an account orphans or deletes the stories, keeps threads and counts whole, and
// shuts every door at once. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
import { mintAccountToken } from '@margins/auth';
import { type Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORPHAN_ACCOUNT } from '../src/services/account/orphan-account';
import { REMOVED_WITH_ACCOUNT } from '../src/services/comment/list-comments';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter } from '../src/services/chapter/publish-chapter';
import { createStory } from '../src/services/story/create-story';
import { addPovCharacter } from '../src/services/story/pov-characters';
import { publishStory } from '../src/services/story/publish-story';
import { readPassages, select } from './comment-helpers';
import { PASSWORD, directives, harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const unzip = (base64: string) => unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));

/** A public story owned by `userId` alone (no co-author), one published chapter. */
async function soloStory(userId: string) {
  const { id: storyId, slug } = await createStory({ db, userId, title: `Solo ${uniqueSuffix()}` });
  await addPovCharacter({ db, userId, storyId, name: 'Mark', color: '#1f6feb' });
  await addPovCharacter({ db, userId, storyId, name: 'Lexie', color: '#b35900' });
  const { chapterId } = await createChapter({
    db,
    userId,
    storyId,
    title: 'Alone',
    upload: { source: directives(['Mark keeps the lamp.'], ['Lexie keeps the log.']), format: 'markdown' },
  });
  const now = new Date();
  await publishChapter({ db, userId, chapterId, now });
  await publishStory({ db, userId, storyId, now });
  return { storyId, slug, chapterId };
}

/** A signed-in session for `username` (a real login, as the browser has). */
const logIn = (username: string) =>
  h.auth.logIn({ login: username, password: PASSWORD, ip: `leaving-${uniqueSuffix()}` });

describe('account export', () => {
  it('zips each owned story as Markdown that story.import reads back, and the rest as JSON', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    // Something of every kind: a comment, a review (by the reader) and the owner's own reply.
    const reader = h.caller(fx.users.reader);
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens the ledger');
    const comment = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Which ledger?',
      type: 'critique',
      visibility: 'public',
    });
    await owner.comment.create({ chapterId: fx.liveChapterId, parentId: comment.id, body: 'The old one.' });
    await reader.review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', pacing: 4, body: 'Lovely.' });

    const archive = await owner.account.export();
    expect(archive.filename).toMatch(
      new RegExp(`^margins-${fx.users.owner.username}-\\d{4}-\\d\\d-\\d\\d\\.zip$`),
    );
    const files = unzip(archive.base64);
    const markdown = strFromU8(files[`stories/${fx.slug}.md`]!);
    // Drafts too: the owner's archive has both chapters.
    expect(markdown).toContain('# One');
    expect(markdown).toContain('# Two');
    expect(JSON.parse(strFromU8(files['comments.json']!))).toMatchObject([{ body: 'The old one.' }]);
    const settings = JSON.parse(strFromU8(files['settings.json']!));
    expect(settings.account.username).toBe(fx.users.owner.username);
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toMatchObject({
      stories: [{ slug: fx.slug, chapters: 2 }],
      leftOut: [],
    });
    expect(strFromU8(files['README.txt']!)).toContain('imports back');

    // The round trip: the story file imports as a new story with the same chapters and text.
    const imported = await owner.story.import({ markdown });
    const original = await owner.export.markdown({ slug: fx.slug });
    const copy = await owner.export.markdown({ slug: imported.slug });
    const body = (md: string) => md.slice(md.indexOf('\n---\n', 4));
    expect(copy.chapters).toBe(2);
    expect(body(copy.markdown)).toBe(body(original.markdown));

    const theirs = unzip((await reader.account.export()).base64);
    expect(Object.keys(theirs).filter((f) => f.startsWith('stories/'))).toEqual([]);
    expect(JSON.parse(strFromU8(theirs['reviews.json']!))).toMatchObject([
      { verdict: 'yay', pacing: 4, body: 'Lovely.' },
    ]);
    expect(JSON.parse(strFromU8(theirs['comments.json']!))).toMatchObject([{ body: 'Which ledger?' }]);
  });

  it('is rate-limited: the sixth archive in an hour is refused', async () => {
    const user = await h.user('exporter');
    const caller = h.caller(user);
    for (let i = 0; i < 5; i++) await caller.account.export();
    const error = await trpcError(caller.account.export());
    expect(error.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('account deletion', () => {
  it('orphan mode: the story stays readable under "orphan account"; sessions, tokens and sign-in go', async () => {
    const owner = await h.user('leaver');
    const { slug, storyId } = await soloStory(owner.id);
    const { token } = await logIn(owner.username);
    await h.caller(owner).token.create({ name: 'cli', scope: 'write' });
    await db.prisma.$transaction((tx) =>
      mintAccountToken(tx, {
        userId: owner.id,
        purpose: 'reset_password',
        email: `${owner.username}@example.test`.toLowerCase(),
        now: new Date(),
      }),
    );
    const jar = { cleared: false };
    const caller = h.caller(owner, {
      cookies: { setSession: () => {}, clearSession: () => (jar.cleared = true) },
    });

    // The wrong password deletes nothing.
    const wrong = await trpcError(caller.account.delete({ password: 'not my password', stories: 'orphan' }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).deletedAt).toBeNull();

    expect(await caller.account.delete({ password: PASSWORD, stories: 'orphan' })).toEqual({
      orphaned: 1,
      deleted: 0,
      handedOver: 0,
    });
    expect(jar.cleared).toBe(true);
    const story = await h.caller(null).story.bySlug({ slug });
    expect(story.authors).toEqual([
      { username: ORPHAN_ACCOUNT.username, displayName: 'orphan account', role: 'owner' },
    ]);
    expect((await h.caller(null).export.markdown({ slug })).chapters).toBe(1);
    expect(await db.prisma.storyMember.findMany({ where: { storyId }, select: { userId: true } })).toEqual([
      { userId: ORPHAN_ACCOUNT.id },
    ]);

    expect(await db.prisma.session.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.prisma.apiToken.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.prisma.accountToken.count({ where: { userId: owner.id } })).toBe(0);
    expect((await h.auth.validateSessionToken(token)).user).toBeNull();
    await expect(logIn(owner.username)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(
      h.auth.logIn({
        login: `${owner.username}@example.test`,
        password: PASSWORD,
        ip: `leaving-${uniqueSuffix()}`,
      }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(row).toMatchObject({ displayName: 'deleted account', email: null, pendingEmail: null });
    expect(row.username).not.toContain(owner.username);
    // Nobody can sign up as the orphan account.
    await expect(
      h.auth.signUp({
        username: 'Orphan_Account',
        email: `o.${uniqueSuffix()}@example.test`,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    // A second orphaning reuses the one orphan account.
    const second = await h.user('leaver2');
    await soloStory(second.id);
    await h.caller(second).account.delete({ password: PASSWORD, stories: 'orphan' });
    expect(
      await db.prisma.user.count({
        where: { displayName: 'orphan account', username: ORPHAN_ACCOUNT.username },
      }),
    ).toBe(1);
  });

  it('delete mode: the story is gone (404), a co-authored story goes to its co-author instead', async () => {
    const fx = await storyFixture(h, 'public');
    const { slug } = await soloStory(fx.users.owner.id);
    const done = await h.caller(fx.users.owner).account.delete({ password: PASSWORD, stories: 'delete' });
    expect(done).toEqual({ orphaned: 0, deleted: 1, handedOver: 1 });
    expect((await trpcError(h.caller(null).story.bySlug({ slug }))).code).toBe('NOT_FOUND');
    expect(await db.prisma.story.count({ where: { slug } })).toBe(0);
    const shared = await h.caller(null).story.bySlug({ slug: fx.slug });
    expect(shared.authors).toEqual([
      { username: fx.users.coauthor.username, displayName: fx.users.coauthor.displayName, role: 'owner' },
    ]);
  });

  it('a commenter leaving: threads keep their replies, counts and the dashboard do not move', async () => {
    const fx = await storyFixture(h, 'public');
    const reader = h.caller(fx.users.reader);
    const other = h.caller(fx.users.other);
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens the ledger');
    const root = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Who opens it?',
      type: 'critique',
      visibility: 'public',
    });
    const reply = await other.comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Mark does.',
    });
    await reader.review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', prose: 2, body: 'Too short.' });
    const owner = h.caller(fx.users.owner);
    const before = await owner.dashboard.story({ storyId: fx.storyId });
    expect(before.totals).toMatchObject({ comments: 2, reviews: 1 });
    const notifications = await db.prisma.notification.count({ where: { actorId: fx.users.reader.id } });
    expect(notifications).toBeGreaterThan(0);

    await reader.account.delete({ password: PASSWORD, stories: 'delete' });

    const after = await owner.dashboard.story({ storyId: fx.storyId });
    expect(after.totals).toEqual(before.totals);
    expect(after.chapters).toEqual(before.chapters);
    // The rollups are what a rebuild from the rows gives.
    const stats = () =>
      // Rows of zeros mean the same as no row (the triggers create rows lazily, a rebuild eagerly).
      db.prisma.chapterStat.findMany({
        where: {
          storyId: fx.storyId,
          OR: [{ reads: { gt: 0 } }, { reviews: { gt: 0 } }, { comments: { gt: 0 } }],
        },
        orderBy: { chapterId: 'asc' },
      });
    const kept = await stats();
    await db.prisma.$executeRaw`SELECT dashboard_rebuild_story(${fx.storyId})`;
    expect(await stats()).toEqual(kept);

    const list = await h.caller(null).comment.list({ chapterId: fx.liveChapterId });
    const thread = list.threads.find((t) => t.id === root.id)!;
    const said = [thread.root, ...thread.replies].map((c) => [
      c.author?.displayName ?? c.author?.username,
      c.body,
    ]);
    expect(said).toEqual([
      ['deleted account', REMOVED_WITH_ACCOUNT],
      [fx.users.other.username, 'Mark does.'],
    ]);
    expect(thread.replies[0]!.id).toBe(reply.id);
    const reviews = await h.caller(null).review.list({ chapterId: fx.liveChapterId });
    expect(reviews.reviews.map((r) => [r.author.displayName, r.verdict, r.body])).toEqual([
      ['deleted account', 'nay', ''],
    ]);
    expect(await db.prisma.inlineComment.count({ where: { body: 'Who opens it?' } })).toBe(0);
    expect(await db.prisma.notification.count({ where: { actorId: fx.users.reader.id } })).toBe(0);
  });
});
