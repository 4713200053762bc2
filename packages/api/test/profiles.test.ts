// Profiles (display name, bio, links, public stories) and mutes (docs/profiles.md), on PGlite by
// default and on PostgreSQL with TEST_DATABASE_URL.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileInput } from '../src/inputs/profile';
import { deleteAccount } from '../src/services/account/delete-account';
import { readPassages, select } from './comment-helpers';
import { PASSWORD, harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('profiles', () => {
  it('saves a display name, bio and links, and shows them on the profile with the public stories only', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    await owner.user.updateProfile({
      displayName: '  Keeper of Lights ',
      bio: 'I write about lighthouses.\nAnd ledgers.',
      links: ['https://Example.com/me', '', 'http://blog.example.org/'],
    });
    expect(await owner.user.myProfile()).toMatchObject({
      displayName: 'Keeper of Lights',
      bio: 'I write about lighthouses.\nAnd ledgers.',
      links: ['https://example.com/me', 'http://blog.example.org/'],
    });

    // A story that was public and turned private, and one never published, both with a live chapter.
    const unpublished = await owner.story.create({ title: 'Turned private' });
    const ch = await owner.chapter.create({
      storyId: unpublished.id,
      title: 'One',
      upload: { source: 'Secret words.', format: 'markdown' },
    });
    await owner.chapter.publish({ chapterId: ch.chapterId });
    await owner.story.publish({ storyId: unpublished.id });
    await owner.story.unpublish({ storyId: unpublished.id });
    const draft = await owner.story.create({ title: 'Never published' });

    for (const viewer of [null, fx.users.reader, fx.users.owner]) {
      const profile = await h.caller(viewer).user.profile({ username: fx.users.owner.username });
      expect(profile).toMatchObject({
        username: fx.users.owner.username,
        displayName: 'Keeper of Lights',
        bio: 'I write about lighthouses.\nAnd ledgers.',
        links: ['https://example.com/me', 'http://blog.example.org/'],
      });
      const ids = profile.stories.map((s) => s.id);
      expect(ids).toEqual([fx.storyId]);
      expect(ids).not.toContain(unpublished.id);
      expect(ids).not.toContain(draft.id);
    }
    // Co-authors list the story too; beta readers do not.
    const co = await h.caller(null).user.profile({ username: fx.users.coauthor.username });
    expect(co.stories.map((s) => s.id)).toEqual([fx.storyId]);
    const beta = await h.caller(null).user.profile({ username: fx.users.beta.username });
    expect(beta.stories).toEqual([]);

    // Clearing the fields.
    await owner.user.updateProfile({ displayName: '', bio: ' ', links: [] });
    expect(await owner.user.myProfile()).toMatchObject({ displayName: null, bio: null, links: [] });
  });

  it('is 404 for an unknown user', async () => {
    expect((await trpcError(h.caller(null).user.profile({ username: 'nobody_at_all_here' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses links that are not http(s), too many links, a long bio and invisible characters', async () => {
    const user = await h.user('prof');
    const me = h.caller(user);
    const bad = [
      { displayName: 'x', bio: '', links: ['javascript:alert(1)'] },
      { displayName: 'x', bio: '', links: ['data:text/html,<script>alert(1)</script>'] },
      { displayName: 'x', bio: '', links: ['//evil.example/'] },
      { displayName: 'x', bio: '', links: ['https://user:pw@evil.example/'] },
      { displayName: 'x', bio: '', links: Array.from({ length: 6 }, (_, i) => `https://e.example/${i}`) },
      { displayName: 'x', bio: 'b'.repeat(1001), links: [] },
      { displayName: 'x'.repeat(61), bio: '', links: [] },
      { displayName: 'evil\u202Eknil', bio: '', links: [] },
      { displayName: 'two\nlines', bio: '', links: [] },
    ];
    for (const input of bad) {
      expect((await trpcError(me.user.updateProfile(input))).code, JSON.stringify(input)).toBe('BAD_REQUEST');
    }
    expect(await me.user.myProfile()).toMatchObject({ displayName: null, bio: null, links: [] });
    // The limits themselves pass.
    expect(
      profileInput.parse({
        displayName: 'x'.repeat(60),
        bio: 'b'.repeat(1000),
        links: Array.from({ length: 5 }, (_, i) => `https://e.example/${i}`),
      }).links,
    ).toHaveLength(5);
  });

  it('needs a login to edit a profile or mute', async () => {
    expect(
      (await trpcError(h.caller(null).user.updateProfile({ displayName: 'x', bio: '', links: [] }))).code,
    ).toBe('UNAUTHORIZED');
    expect((await trpcError(h.caller(null).user.mute({ username: 'anyone' }))).code).toBe('UNAUTHORIZED');
  });
});

describe('mutes', () => {
  it("hides a muted user's comments and replies from the muter only, until unmuted", async () => {
    const fx = await storyFixture(h, 'public');
    const { reader, other, owner } = fx.users;
    const at = select(await readPassages(h, reader, fx.liveChapterId), 'opens the ledger');
    const chapterId = fx.liveChapterId;
    // `other` writes a thread and a reply on the reader's thread.
    const theirs = await h.caller(other).comment.create({ chapterId, ...at, body: 'Spam spam spam' });
    const mine = await h.caller(reader).comment.create({ chapterId, ...at, body: 'A real thought' });
    await h.caller(other).comment.create({ chapterId, parentId: mine.id, body: 'More spam' });
    // A thread of `other` that someone else replied to stays, as a placeholder, for its reply.
    const kept = await h.caller(other).comment.create({ chapterId, ...at, body: 'Bait' });
    await h.caller(owner).comment.create({ chapterId, parentId: kept.id, body: 'Please stop.' });

    const bodies = async (user: typeof reader | null) => {
      const list = await h.caller(user).comment.list({ chapterId });
      return list.threads.flatMap((t) => [t.root.body, ...t.replies.map((r) => r.body)]);
    };
    const everything = ['Spam spam spam', 'A real thought', 'More spam', 'Bait', 'Please stop.'];
    expect((await bodies(reader)).sort()).toEqual([...everything].sort());

    expect(await h.caller(reader).user.mute({ username: other.username })).toEqual({
      username: other.username,
      muted: true,
    });
    expect((await h.caller(reader).user.profile({ username: other.username })).viewer).toEqual({
      self: false,
      muted: true,
      following: false,
    });
    expect((await bodies(reader)).sort()).toEqual(
      ['A real thought', '[from someone you muted]', 'Please stop.'].sort(),
    );
    // Every other way the chapter page reads threads: a passage's page and one thread (live updates).
    const passage = await h.caller(reader).comment.passage({ chapterId, passageKey: at.passageKey });
    expect(passage.threads.map((t) => t.id)).not.toContain(theirs.id);
    expect(JSON.stringify(passage)).not.toContain('spam');
    expect((await h.caller(reader).comment.thread({ chapterId, threadId: theirs.id })).thread).toBeNull();
    const summary = await h.caller(reader).comment.summary({ chapterId, open: at.passageKey });
    expect(JSON.stringify(summary)).not.toContain('spam');
    // Nobody else is affected: the author, the story's owner, an anonymous reader.
    for (const viewer of [other, owner, null])
      expect((await bodies(viewer)).sort()).toEqual([...everything].sort());

    expect((await h.caller(reader).user.mutes()).map((m) => m.username)).toEqual([other.username]);
    await h.caller(reader).user.unmute({ username: other.username });
    expect((await bodies(reader)).sort()).toEqual([...everything].sort());
    expect(await h.caller(reader).user.mutes()).toEqual([]);
  });

  it('refuses muting yourself and an unknown user; muting twice is one mute', async () => {
    const me = await h.user('muter');
    const them = await h.user('muted');
    expect((await trpcError(h.caller(me).user.mute({ username: me.username }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(h.caller(me).user.mute({ username: 'no_such_user_zz' }))).code).toBe('NOT_FOUND');
    await h.caller(me).user.mute({ username: them.username });
    await h.caller(me).user.mute({ username: them.username });
    expect(await db.prisma.userMute.count({ where: { muterId: me.id } })).toBe(1);
    expect((await h.caller(me).user.profile({ username: me.username })).viewer).toEqual({
      self: true,
      muted: false,
      following: false,
    });
  });
  it('has no page for a suspended account (until restored), a deleted one, or the guests’ shared author', async () => {
    const anyone = h.caller(null);
    const suspended = await h.user('susp');
    expect(await anyone.user.profile({ username: suspended.username })).toMatchObject({
      username: suspended.username,
    });
    await db.prisma.user.update({ where: { id: suspended.id }, data: { suspendedAt: new Date() } });
    expect((await trpcError(anyone.user.profile({ username: suspended.username }))).code).toBe('NOT_FOUND');
    await db.prisma.user.update({ where: { id: suspended.id }, data: { suspendedAt: null } });
    expect(await anyone.user.profile({ username: suspended.username })).toMatchObject({
      username: suspended.username,
    });

    const leaving = await h.user('gone');
    await deleteAccount({ db, userId: leaving.id, password: PASSWORD, stories: 'orphan', now: new Date() });
    const tombstone = await db.prisma.user.findUniqueOrThrow({
      where: { id: leaving.id },
      select: { username: true },
    });
    expect((await trpcError(anyone.user.profile({ username: tombstone.username }))).code).toBe('NOT_FOUND');
    expect((await trpcError(anyone.user.profile({ username: leaving.username }))).code).toBe('NOT_FOUND');
  });
});
