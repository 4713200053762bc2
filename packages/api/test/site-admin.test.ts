// Site administration (docs/admin.md): admins made on the command line only, every action in
// the audit log, suspending an account (sessions, sign-in, its public content) and restoring it,
// hiding a story, and the site's report queue. On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
import { parseSessionToken } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../src/admin/command';
import { validateApiToken, createApiToken } from '../src/services/token/api-tokens';
import { readPassages, select } from './comment-helpers';
import { PASSWORD, harness, outcome, storyFixture, type Harness, type StoryFixture } from './helpers';
import type { SessionUser } from '@margins/auth';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const now = () => new Date();

async function makeAdmin(): Promise<SessionUser> {
  const admin = await h.user('admin');
  const result = await runAdminCommand(db, ['grant', admin.username], now());
  expect(result.exitCode).toBe(0);
  return admin;
}

async function auditOf(targetId: string) {
  return db.prisma.adminAction.findMany({ where: { targetId }, orderBy: { at: 'asc' } });
}

/** A public comment by `author` on the fixture's live chapter, as written through the API. */
async function commentBy(fx: StoryFixture, author: SessionUser, body: string, parentId?: string) {
  const passages = await readPassages(h, author, fx.liveChapterId);
  const at = select(passages, 'opens the ledger');
  const { id } = await h.caller(author).comment.create({
    chapterId: fx.liveChapterId,
    ...(parentId ? { parentId } : { passageKey: at.passageKey, start: at.start, end: at.end }),
    body,
  });
  return id;
}

const bodiesSeenBy = async (user: SessionUser | null, chapterId: string) => {
  const list = await h.caller(user).comment.list({ chapterId });
  return list.threads.flatMap((t) => [t.root, ...t.replies]).map((c) => c.body);
};

describe('the command line makes site admins', () => {
  it('grants and revokes by username, each in the audit log; an unknown name is an error', async () => {
    const user = await h.user('cli');
    const granted = await runAdminCommand(db, ['grant', user.username.toUpperCase()], now());
    expect(granted).toEqual({
      exitCode: 0,
      message: expect.stringContaining(`${user.username} is now a site admin`),
    });
    expect((await runAdminCommand(db, ['grant', user.username], now())).message).toContain('already');
    expect((await runAdminCommand(db, ['list'], now())).message).toContain(user.username);
    const revoked = await runAdminCommand(db, ['revoke', user.username], now());
    expect(revoked.message).toContain('no longer a site admin');
    expect((await auditOf(user.id)).map((a) => [a.action, a.actorName, a.actorId])).toEqual([
      ['admin.grant', 'command line', null],
      ['admin.revoke', 'command line', null],
    ]);
    expect(await runAdminCommand(db, ['grant', `nobody_${uniqueSuffix()}`], now())).toMatchObject({
      exitCode: 1,
    });
    expect(await runAdminCommand(db, ['promote', user.username], now())).toMatchObject({ exitCode: 2 });
  });

  it('admin procedures are NOT_FOUND to anonymous callers, users, API tokens and revoked admins', async () => {
    const admin = await makeAdmin();
    const user = await h.user('plain');
    expect(await outcome(() => h.caller(null).admin.audit())).toBe('NOT_FOUND');
    expect(await outcome(() => h.caller(user).admin.audit())).toBe('NOT_FOUND');
    expect(await outcome(() => h.caller(admin, { tokenScope: 'write' }).admin.audit())).toBe('NOT_FOUND');
    expect(await outcome(() => h.caller(admin).admin.audit())).toBe('OK');
    await runAdminCommand(db, ['revoke', admin.username], now());
    expect(await outcome(() => h.caller(admin).admin.audit())).toBe('NOT_FOUND');
  });
});

describe('suspending an account', () => {
  it('ends its sessions and tokens at once and refuses sign-in, naming the suspension', async () => {
    const admin = await makeAdmin();
    const spammer = await h.user('spam');
    const { token } = await h.auth.logIn({
      login: spammer.username,
      password: PASSWORD,
      ip: `t-${uniqueSuffix()}`,
    });
    const api = await createApiToken({ db, userId: spammer.id, name: 'bot', scope: 'write' });
    expect((await h.auth.validateSessionToken(token)).user?.id).toBe(spammer.id);

    await h.caller(admin).admin.suspend({ userId: spammer.id, reason: 'Spam links in comments' });

    expect((await h.auth.validateSessionToken(token)).user).toBeNull();
    expect(await db.prisma.session.count({ where: { userId: spammer.id } })).toBe(0);
    expect(await validateApiToken({ db, token: api.token, now: now() })).toBeNull();
    const refused = h.auth.logIn({ login: spammer.username, password: PASSWORD, ip: `t-${uniqueSuffix()}` });
    await expect(refused).rejects.toMatchObject({
      code: 'suspended',
      message: expect.stringMatching(/suspended/),
    });
    // A wrong password still gets the generic answer: the suspension is told only to the account's holder.
    await expect(
      h.auth.logIn({
        login: spammer.username,
        password: 'not the password at all',
        ip: `t-${uniqueSuffix()}`,
      }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    // Over tRPC the refusal is a 403 whose message names the suspension.
    const viaApi = await h
      .caller(null)
      .auth.logIn({ login: spammer.username, password: PASSWORD })
      .catch((e: unknown) => e);
    expect(viaApi).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/suspended/) });
    // A session made behind the suspension's back (a password reset signs in) is refused too.
    const sneakyName = `sn_${uniqueSuffix()}`.slice(0, 30);
    const sneaky = await h.auth.signUp({
      username: sneakyName,
      email: `${sneakyName}@example.test`,
      password: PASSWORD,
    });
    await db.prisma.user.update({ where: { id: sneaky.user.id }, data: { suspendedAt: now() } });
    expect((await h.auth.validateSessionToken(sneaky.token)).user).toBeNull();
    expect(await db.prisma.session.count({ where: { id: parseSessionToken(sneaky.token)!.id } })).toBe(0);

    const [action] = await auditOf(spammer.id);
    expect(action).toMatchObject({
      action: 'user.suspend',
      actorId: admin.id,
      actorName: admin.username,
      reason: 'Spam links in comments',
    });
  });

  it('hides its comments, reviews and stories from everyone else, and restoring brings them back', async () => {
    const admin = await makeAdmin();
    const fx = await storyFixture(h, 'public');
    const spammer = await h.user('spam');
    const reader = fx.users.reader;
    const spamRoot = await commentBy(fx, spammer, 'Buy cheap ledgers');
    await commentBy(fx, reader, 'A real comment');
    const spamReplyThread = await commentBy(fx, reader, 'Another real one');
    await commentBy(fx, spammer, 'Spam reply', spamReplyThread);
    await h
      .caller(spammer)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', body: 'Spam review' });
    // The spammer's own story.
    const own = await storyFixture(h, 'public');
    await db.prisma.storyMember.update({
      where: { storyId_userId: { storyId: own.storyId, userId: own.users.owner.id } },
      data: { userId: spammer.id },
    });
    const counts = async () =>
      (await h.caller(null).comment.counts({ chapterId: fx.liveChapterId })).byPassage;
    const before = Object.values(await counts()).reduce((a, b) => a + b, 0);
    // Warm the anonymous cache: suspension must reach it (the users' content version).
    expect(await bodiesSeenBy(null, fx.liveChapterId)).toContain('Buy cheap ledgers');

    await h.caller(admin).admin.suspend({ userId: spammer.id, reason: 'Spam' });

    for (const viewer of [null, reader, fx.users.owner]) {
      const bodies = await bodiesSeenBy(viewer, fx.liveChapterId);
      expect(bodies).not.toContain('Buy cheap ledgers');
      expect(bodies).not.toContain('Spam reply');
      expect(bodies).toEqual(expect.arrayContaining(['A real comment', 'Another real one']));
      const reviews = await h.caller(viewer).review.list({ chapterId: fx.liveChapterId });
      expect(reviews.reviews.map((r) => r.body)).not.toContain('Spam review');
      expect(reviews.nay).toBe(0);
    }
    const thread = await h.caller(reader).comment.thread({ chapterId: fx.liveChapterId, threadId: spamRoot });
    expect(thread.thread).toBeNull();
    expect(Object.values(await counts()).reduce((a, b) => a + b, 0)).toBe(before - 2);
    // Its story: gone for readers and from browse, still there (and why) for its members.
    expect(await outcome(() => h.caller(reader).story.bySlug({ slug: own.slug }))).toBe('NOT_FOUND');
    expect(await outcome(() => h.caller(null).reading.chapter({ chapterId: own.liveChapterId }))).toBe(
      'NOT_FOUND',
    );
    const { title } = await db.prisma.story.findUniqueOrThrow({
      where: { id: own.storyId },
      select: { title: true },
    });
    const browse = await h.caller(null).story.browse({ query: title });
    expect(browse.stories.map((s) => s.id)).not.toContain(own.storyId);
    const coauthorView = await h.caller(own.users.coauthor).story.bySlug({ slug: own.slug });
    expect(coauthorView.hiddenReason).toMatch(/suspended/);

    await h.caller(admin).admin.restore({ userId: spammer.id });

    const bodies = await bodiesSeenBy(null, fx.liveChapterId);
    expect(bodies).toEqual(expect.arrayContaining(['Buy cheap ledgers', 'Spam reply', 'A real comment']));
    expect(Object.values(await counts()).reduce((a, b) => a + b, 0)).toBe(before);
    expect((await h.caller(reader).review.list({ chapterId: fx.liveChapterId })).nay).toBe(1);
    expect(await outcome(() => h.caller(reader).story.bySlug({ slug: own.slug }))).toBe('OK');
    expect((await auditOf(spammer.id)).map((a) => a.action)).toEqual(['user.suspend', 'user.restore']);
  });

  it('an admin cannot suspend their own account', async () => {
    const admin = await makeAdmin();
    expect(await outcome(() => h.caller(admin).admin.suspend({ userId: admin.id, reason: 'oops' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await auditOf(admin.id)).toHaveLength(1); // the grant only
  });
});

describe('hiding a story', () => {
  it('is 404 to readers and out of browse while hidden; its members see why; un-hiding gives it back', async () => {
    const admin = await makeAdmin();
    const fx = await storyFixture(h, 'public');
    await h.caller(admin).admin.hideStory({ storyId: fx.storyId, reason: 'Plagiarised from another site' });

    expect(await outcome(() => h.caller(null).story.bySlug({ slug: fx.slug }))).toBe('NOT_FOUND');
    expect(
      await outcome(() => h.caller(fx.users.reader).reading.chapter({ chapterId: fx.liveChapterId })),
    ).toBe('NOT_FOUND');
    expect(await outcome(() => h.caller(null).comment.list({ chapterId: fx.liveChapterId }))).toBe(
      'NOT_FOUND',
    );
    const mine = await h.caller(fx.users.owner).story.mine();
    const listed = mine.find((s) => s.id === fx.storyId);
    expect(listed).toMatchObject({ hiddenReason: 'Plagiarised from another site' });
    expect(listed?.hiddenAt).toBeInstanceOf(Date);
    // Suspending and restoring the owner leaves a story an admin hid hidden.
    await h.caller(admin).admin.suspend({ userId: fx.users.owner.id, reason: 'Repeat' });
    await h.caller(admin).admin.restore({ userId: fx.users.owner.id });
    expect(await outcome(() => h.caller(null).story.bySlug({ slug: fx.slug }))).toBe('NOT_FOUND');

    await h.caller(admin).admin.unhideStory({ storyId: fx.storyId });
    expect(await outcome(() => h.caller(null).story.bySlug({ slug: fx.slug }))).toBe('OK');
    expect((await auditOf(fx.storyId)).map((a) => [a.action, a.reason])).toEqual([
      ['story.hide', 'Plagiarised from another site'],
      ['story.unhide', ''],
    ]);
  });
});

describe('reports', () => {
  it('of stories and users reach the site queue only; of comments the owner too; closing is logged', async () => {
    const admin = await makeAdmin();
    const fx = await storyFixture(h, 'public');
    const spammer = await h.user('spam');
    const spam = await commentBy(fx, spammer, 'Spam here');
    const reader = h.caller(fx.users.reader);
    const ofStory = await reader.moderation.report({
      targetType: 'story',
      targetId: fx.storyId,
      reason: 'Stolen',
    });
    const ofUser = await reader.moderation.report({
      targetType: 'user',
      targetId: spammer.id,
      reason: 'Spammer',
    });
    const ofComment = await reader.moderation.report({
      targetType: 'comment',
      targetId: spam,
      reason: 'Spam',
    });
    expect(
      await outcome(() =>
        reader.moderation.report({ targetType: 'user', targetId: fx.users.reader.id, reason: 'me' }),
      ),
    ).toBe('BAD_REQUEST');

    const ownerQueue = await h.caller(fx.users.owner).moderation.reports({ storyId: fx.storyId });
    expect(ownerQueue.map((r) => r.id)).toEqual([ofComment.id]);
    const siteQueue = await h.caller(admin).admin.reports();
    const ids = siteQueue.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([ofStory.id, ofUser.id, ofComment.id]));
    expect(siteQueue.find((r) => r.id === ofUser.id)?.target?.account).toMatchObject({
      id: spammer.id,
      suspended: false,
    });
    expect(siteQueue.find((r) => r.id === ofComment.id)?.target).toMatchObject({ text: 'Spam here' });

    await h
      .caller(admin)
      .admin.closeReport({ reportId: ofStory.id, resolution: 'dismissed', note: 'Not stolen' });
    await h.caller(admin).admin.closeReport({ reportId: ofStory.id, resolution: 'resolved' });
    const after = await h.caller(admin).admin.reports();
    expect(after.map((r) => r.id)).not.toContain(ofStory.id);
    expect((await auditOf(ofStory.id)).map((a) => [a.action, a.reason])).toEqual([
      ['report.dismiss', 'Not stolen'],
    ]);
    const audit = await h.caller(admin).admin.audit();
    expect(audit[0]).toMatchObject({ action: 'report.dismiss', actorName: admin.username });
  });
});
