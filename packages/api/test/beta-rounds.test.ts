// Beta rounds: opening, inviting by username and by private link, reading, commenting and giving
// a verdict inside a round — and the round's privacy: for everyone outside it, every procedure
// that could expose round feedback answers NOT_FOUND (or FORBIDDEN where the thing around it is
// visible) or leaves it out. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { SessionUser } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  directives,
  harness,
  outcome,
  storyFixture,
  trpcError,
  type Harness,
  type StoryFixture,
} from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const DAY = 86_400_000;

/** Text passages of a round's revision, as its readers get them. */
async function roundPassages(user: SessionUser, roundId: string) {
  const reading = await h.caller(user).beta.read({ roundId });
  return reading.segments.flatMap((s) => s.passages).filter((p) => p.kind === 'text');
}

interface Scene {
  fx: StoryFixture;
  roundId: string;
  otherRoundId: string;
  /** Invited by username; not a member of the story. */
  alice: SessionUser;
  /** Accepted a private link; not a member of the story. */
  bob: SessionUser;
  /** Reader of another round on the same chapter. */
  carol: SessionUser;
  aliceComment: string;
  bobComment: string;
  /** Strings only the round may know: ids and bodies. */
  secrets: string[];
}

async function scene(): Promise<Scene> {
  const fx = await storyFixture(h, 'public');
  const owner = h.caller(fx.users.owner);
  const [alice, bob, carol] = await Promise.all([h.user('alice'), h.user('bob'), h.user('carol')]);
  const { id: roundId } = await owner.beta.open({ chapterId: fx.draftChapterId });
  const { id: otherRoundId } = await owner.beta.open({ chapterId: fx.draftChapterId });
  await owner.beta.invite({ roundId, username: alice.username });
  const link = await owner.beta.createLink({ roundId, expiresInDays: 7 });
  expect(await h.caller(bob).beta.accept({ token: link.token })).toEqual({ roundId });
  await owner.beta.invite({ roundId: otherRoundId, username: carol.username });

  const passages = await roundPassages(alice, roundId);
  const first = passages[0]!;
  const tag = uniqueSuffix();
  const aliceBody = `ALICE-SECRET-${tag} the ledger scene drags`;
  const bobBody = `BOB-SECRET-${tag} typo here`;
  const { id: aliceComment } = await h
    .caller(alice)
    .beta.comment({ roundId, passageKey: first.key, body: aliceBody, type: 'critique' });
  const start = first.text.indexOf('ledger');
  const { id: bobComment } = await h
    .caller(bob)
    .beta.comment({ roundId, passageKey: first.key, start, end: start + 6, body: bobBody, type: 'typo' });
  await h.caller(alice).beta.verdict({ roundId, verdict: 'nay', body: `ALICE-VERDICT-${tag}` });
  await h.caller(bob).beta.verdict({ roundId, verdict: 'yay', body: `BOB-VERDICT-${tag}` });
  return {
    fx,
    roundId,
    otherRoundId,
    alice,
    bob,
    carol,
    aliceComment,
    bobComment,
    secrets: [
      roundId,
      aliceComment,
      bobComment,
      aliceBody,
      bobBody,
      `ALICE-VERDICT-${tag}`,
      `BOB-VERDICT-${tag}`,
    ],
  };
}

/** The call is refused, or answers without any of `secrets` in it. */
async function seesNothing(call: () => Promise<unknown>, secrets: string[], label: string): Promise<void> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    if (error instanceof TRPCError && ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED'].includes(error.code)) return;
    throw error;
  }
  const json = JSON.stringify(value ?? null);
  for (const secret of secrets) expect(json.includes(secret), `${label} leaks ${secret}`).toBe(false);
}

/** Every procedure that could expose a round's feedback, called as `user`. */
async function probeEverything(
  s: Scene,
  user: SessionUser | null,
  label: string,
  secrets = s.secrets,
  inRound = false,
): Promise<void> {
  const c = h.caller(user);
  const { fx, roundId } = s;
  const chapters = [fx.draftChapterId, fx.liveChapterId];
  const calls: [string, () => Promise<unknown>][] = [];
  for (const chapterId of chapters) {
    for (const revision of [undefined, 'current', 'published'] as const) {
      calls.push([
        `comment.list ${revision}`,
        () => c.comment.list({ chapterId, ...(revision ? { revision } : {}) }),
      ]);
      calls.push([
        `comment.counts ${revision}`,
        () => c.comment.counts({ chapterId, ...(revision ? { revision } : {}) }),
      ]);
    }
    calls.push(['comment.outdated', () => c.comment.outdated({ chapterId })]);
    calls.push(['reading.chapter', () => c.reading.chapter({ chapterId })]);
    calls.push(['reading.chapter draft', () => c.reading.chapter({ chapterId, draft: true })]);
    calls.push(['review.list', () => c.review.list({ chapterId })]);
    calls.push(['review.mine', () => c.review.mine({ chapterId })]);
    calls.push(['dashboard.chapter', () => c.dashboard.chapter({ chapterId })]);
    calls.push(['feedback.todo', () => c.feedback.todo({ chapterId })]);
  }
  calls.push(['review.storySummary', () => c.review.storySummary({ storyId: fx.storyId })]);
  calls.push(['notification.list', () => c.notification.list({})]);
  calls.push(['dashboard.stories', () => c.dashboard.stories()]);
  calls.push(['dashboard.story', () => c.dashboard.story({ storyId: fx.storyId })]);
  calls.push(['dashboard.inbox', () => c.dashboard.inbox({})]);
  calls.push(['dashboard.inbox story', () => c.dashboard.inbox({ filters: { storyId: fx.storyId } })]);
  calls.push(['beta.rounds', () => c.beta.rounds({ storyId: fx.storyId })]);
  calls.push(['beta.mine', () => c.beta.mine()]);
  calls.push(['beta.get', () => c.beta.get({ roundId })]);
  calls.push(['beta.read', () => c.beta.read({ roundId })]);
  calls.push(['beta.feedback', () => c.beta.feedback({ roundId })]);
  for (const [name, call] of calls) await seesNothing(call, secrets, `${label}: ${name}`);

  // Acting on the round or its comments: it does not exist for them.
  for (const commentId of [s.aliceComment, s.bobComment]) {
    expect(
      await outcome(() => c.comment.update({ commentId, body: 'x' })),
      `${label} comment.update`,
    ).toMatch(/NOT_FOUND|UNAUTHORIZED/);
    expect(await outcome(() => c.comment.delete({ commentId })), `${label} comment.delete`).toMatch(
      /NOT_FOUND|UNAUTHORIZED/,
    );
    expect(
      await outcome(() =>
        c.comment.create({
          chapterId: fx.draftChapterId,
          parentId: commentId,
          body: 'reply',
          type: 'reaction',
          visibility: 'public',
        }),
      ),
      `${label} reply`,
    ).toMatch(/NOT_FOUND|UNAUTHORIZED/);
    expect(
      await outcome(() => c.moderation.report({ targetType: 'comment', targetId: commentId, reason: 'x' })),
      `${label} report`,
    ).toMatch(/NOT_FOUND|UNAUTHORIZED/);
    expect(
      await outcome(() => c.moderation.setCommentStatus({ commentId, status: 'hidden' })),
      `${label} hide`,
    ).toMatch(/NOT_FOUND|UNAUTHORIZED/);
    expect(
      await outcome(() => c.feedback.setResolution({ commentId, resolution: 'resolved' })),
      `${label} setResolution`,
    ).toMatch(/NOT_FOUND|UNAUTHORIZED/);
  }
  const roundCalls: [string, () => Promise<unknown>][] = [
    ['beta.get', () => c.beta.get({ roundId })],
    ['beta.read', () => c.beta.read({ roundId })],
    ['beta.feedback', () => c.beta.feedback({ roundId })],
    ['beta.invite', () => c.beta.invite({ roundId, username: fx.users.other.username })],
    ['beta.createLink', () => c.beta.createLink({ roundId })],
    ['beta.close', () => c.beta.close({ roundId })],
    ['beta.comment', () => c.beta.comment({ roundId, passageKey: 'p1', body: 'hi', type: 'critique' })],
    ['beta.verdict', () => c.beta.verdict({ roundId, verdict: 'yay', body: '' })],
  ];
  if (inRound) return;
  for (const [name, call] of roundCalls)
    expect(await outcome(call), `${label}: ${name}`).toMatch(/NOT_FOUND|UNAUTHORIZED/);
}

describe('beta rounds', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene();
  });

  it('lets invited readers read the draft revision, comment and give a verdict', async () => {
    const reading = await h.caller(s.alice).beta.read({ roundId: s.roundId });
    const revision = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: s.fx.draftChapterId },
      select: { currentRevisionId: true },
    });
    expect(reading.revision.id).toBe(revision.currentRevisionId);
    expect(reading.chapter.title).toBe('Two');
    expect(reading.viewer).toEqual({ editor: false, canGiveFeedback: true });
    // Neither invited reader is a member of the story: the round grants its revision only.
    expect(await outcome(() => h.caller(s.alice).reading.chapter({ chapterId: s.fx.draftChapterId }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await db.prisma.storyMember.count({
        where: { storyId: s.fx.storyId, userId: { in: [s.alice.id, s.bob.id] } },
      }),
    ).toBe(0);
    // Round comments are private and tied to the round.
    const row = await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: s.bobComment } });
    expect(row).toMatchObject({
      betaRoundId: s.roundId,
      visibility: 'private',
      quote: 'ledger',
      type: 'typo',
      resolution: 'open',
    });
  });

  it('shows editors every reader’s comments and verdicts', async () => {
    for (const editor of [s.fx.users.owner, s.fx.users.coauthor]) {
      const feedback = await h.caller(editor).beta.feedback({ roundId: s.roundId });
      expect(feedback.comments.map((c) => c.id).sort()).toEqual([s.aliceComment, s.bobComment].sort());
      expect(feedback.verdicts.map((v) => [v.author.username, v.verdict]).sort()).toEqual(
        [
          [s.alice.username, 'nay'],
          [s.bob.username, 'yay'],
        ].sort(),
      );
    }
    const round = await h.caller(s.fx.users.owner).beta.get({ roundId: s.roundId });
    expect(round).toMatchObject({ readers: 2, comments: 2, verdicts: { yay: 1, nay: 1 }, status: 'open' });
    expect(round.invites.map((i) => i.kind).sort()).toEqual(['link', 'username']);
    const { rounds } = await h.caller(s.fx.users.owner).beta.rounds({ storyId: s.fx.storyId });
    expect(rounds.map((r) => r.id)).toContain(s.roundId);
    // Editors hear of round feedback; notifications go to nobody else.
    const notes = await h.caller(s.fx.users.owner).notification.list({});
    expect(notes.items.map((n) => n.targetId)).toEqual(
      expect.arrayContaining([s.aliceComment, s.bobComment]),
    );
  });

  it('shows a reader only their own feedback, not the other readers’ in the same round', async () => {
    const bob = h.caller(s.bob);
    const feedback = await bob.beta.feedback({ roundId: s.roundId });
    expect(feedback.comments.map((c) => c.id)).toEqual([s.bobComment]);
    expect(feedback.verdicts.map((v) => v.verdict)).toEqual(['yay']);
    const reading = await bob.beta.read({ roundId: s.roundId });
    expect(reading.comments.map((c) => c.id)).toEqual([s.bobComment]);
    // Alice's comment, verdict and the round's administration stay out of Bob's view.
    const aliceOnly = s.secrets.filter((x) => x.includes('ALICE') || x === s.aliceComment);
    await probeEverything(s, s.bob, 'same-round reader', aliceOnly, true);
    expect(await outcome(() => bob.beta.get({ roundId: s.roundId }))).toBe('FORBIDDEN');
    expect(await outcome(() => bob.beta.invite({ roundId: s.roundId, username: s.carol.username }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await outcome(() => bob.feedback.setResolution({ commentId: s.bobComment, resolution: 'resolved' })),
    ).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('shows nothing of the round to anonymous visitors, readers, story beta members or other rounds’ readers', async () => {
    await probeEverything(s, null, 'anonymous');
    await probeEverything(s, s.fx.users.reader, 'reader');
    await probeEverything(s, s.fx.users.other, 'other user');
    await probeEverything(s, s.fx.users.beta, 'story beta member not invited');
    await probeEverything(s, s.carol, 'reader of another round');
    expect((await h.caller(s.carol).beta.mine()).map((r) => r.id)).toEqual([s.otherRoundId]);
  });

  it('never counts round feedback in the author’s dashboard figures or feedback inbox', async () => {
    const { fx, secrets } = await scene();
    const owner = h.caller(fx.users.owner);
    const overview = await owner.dashboard.story({ storyId: fx.storyId });
    const draft = overview.chapters.find((c) => c.id === fx.draftChapterId);
    expect(draft?.figures.comments).toBe(0);
    expect(draft?.figures.byType).toEqual({ reaction: 0, critique: 0, typo: 0 });
    const inbox = await owner.dashboard.inbox({ filters: { storyId: fx.storyId } });
    const json = JSON.stringify(inbox);
    for (const secret of secrets.slice(1, 3))
      expect(json.includes(secret), `inbox lists ${secret}`).toBe(false);
  });

  it('keeps round feedback separate when the chapter is published', async () => {
    const fresh = await scene();
    await h.caller(fresh.fx.users.owner).chapter.publish({ chapterId: fresh.fx.draftChapterId });
    const reader = h.caller(fresh.fx.users.reader);
    const list = await reader.comment.list({ chapterId: fresh.fx.draftChapterId });
    expect(list.threads).toEqual([]);
    const counts = await reader.comment.counts({ chapterId: fresh.fx.draftChapterId });
    expect(counts).toMatchObject({ byPassage: {}, outdated: 0 });
    const chapter = await reader.reading.chapter({ chapterId: fresh.fx.draftChapterId });
    expect(chapter.commentCounts).toEqual({});
    // The story's own side does not see it among public comments either: it stays with the round.
    const ownerList = await h
      .caller(fresh.fx.users.owner)
      .comment.list({ chapterId: fresh.fx.draftChapterId });
    expect(ownerList.threads).toEqual([]);
    expect(
      (await h.caller(fresh.fx.users.owner).beta.feedback({ roundId: fresh.roundId })).comments,
    ).toHaveLength(2);
    await probeEverything(fresh, null, 'anonymous after publishing');
    await probeEverything(fresh, fresh.fx.users.reader, 'reader after publishing');
    // Reviews stay public and separate from verdicts.
    const reviews = await reader.review.list({ chapterId: fresh.fx.draftChapterId });
    expect(reviews).toMatchObject({ yay: 0, nay: 0, reviews: [] });
  });

  it('re-anchors round comments when the author edits the draft', async () => {
    const fresh = await scene();
    const upload = {
      source: directives(['A new opening line.', 'Mark closes the ledger.'], ['Lexie closes the ledger.']),
      format: 'markdown' as const,
    };
    await h.caller(fresh.fx.users.owner).chapter.edit({ chapterId: fresh.fx.draftChapterId, upload });
    const todo = await h.caller(fresh.fx.users.owner).feedback.todo({ chapterId: fresh.fx.draftChapterId });
    const bob = todo.items.find((i) => i.id === fresh.bobComment)!;
    expect(bob.source).toBe('beta');
    expect(bob.landsOn.outdated).toBe(false);
    expect(bob.landsOn.passageText?.slice(bob.landsOn.start!, bob.landsOn.end!)).toBe('ledger');
    // The round keeps its revision: readers still read what they were invited to.
    const reading = await h.caller(fresh.alice).beta.read({ roundId: fresh.roundId });
    expect(reading.revision.number).toBe(1);
  });

  describe('private links', () => {
    it('404s an unknown, revoked, expired or already used link', async () => {
      const { fx, roundId } = s;
      const owner = h.caller(fx.users.owner);
      const stranger = await h.user('stranger');
      expect((await trpcError(h.caller(stranger).beta.accept({ token: 'x'.repeat(43) }))).code).toBe(
        'NOT_FOUND',
      );

      const revoked = await owner.beta.createLink({ roundId });
      await owner.beta.revokeInvite({ inviteId: revoked.id });
      expect((await trpcError(h.caller(stranger).beta.accept({ token: revoked.token }))).code).toBe(
        'NOT_FOUND',
      );

      const expiring = await owner.beta.createLink({ roundId, expiresInDays: 1 });
      const later = h.caller(stranger, { now: () => new Date(Date.now() + 2 * DAY) });
      expect((await trpcError(later.beta.accept({ token: expiring.token }))).code).toBe('NOT_FOUND');

      const used = await owner.beta.createLink({ roundId });
      await h.caller(stranger).beta.accept({ token: used.token });
      expect(await h.caller(stranger).beta.accept({ token: used.token })).toEqual({ roundId });
      const third = await h.user('third');
      expect((await trpcError(h.caller(third).beta.accept({ token: used.token }))).code).toBe('NOT_FOUND');
      expect(await outcome(() => h.caller(third).beta.read({ roundId }))).toBe('NOT_FOUND');
    });

    it('looking at a link (beta.link, the page’s GET) shows the round and binds no one; joining is beta.accept', async () => {
      const { fx, roundId } = s;
      const owner = h.caller(fx.users.owner);
      const [erin, frank] = await Promise.all([h.user('erin'), h.user('frank')]);
      const link = await owner.beta.createLink({ roundId, expiresInDays: 3 });
      const seen = await h.caller(erin).beta.link({ token: link.token });
      expect(seen).toMatchObject({
        roundId,
        status: 'open',
        joined: false,
        openedBy: { username: fx.users.owner.username },
        revision: { number: expect.any(Number) },
      });
      expect(seen.expiresAt).toEqual(link.expiresAt);
      expect(seen.story.title).toMatch(/^Fixture /);
      // Two people may look; the link stays unused and neither reads the round.
      await h.caller(frank).beta.link({ token: link.token });
      expect((await db.prisma.betaInvite.findUniqueOrThrow({ where: { id: link.id } })).userId).toBeNull();
      expect(await outcome(() => h.caller(erin).beta.read({ roundId }))).toBe('NOT_FOUND');
      // Joining binds it; then it is Erin's (joined) and 404 for Frank, as accept would be.
      await h.caller(erin).beta.accept({ token: link.token });
      expect((await h.caller(erin).beta.link({ token: link.token })).joined).toBe(true);
      expect(await outcome(() => h.caller(frank).beta.link({ token: link.token }))).toBe('NOT_FOUND');
      // Someone who already reads the round sees `joined` without using a link up.
      const spare = await owner.beta.createLink({ roundId });
      expect((await h.caller(s.alice).beta.link({ token: spare.token })).joined).toBe(true);
      // Unknown, revoked, expired: 404 like accept.
      expect(await outcome(() => h.caller(frank).beta.link({ token: 'x'.repeat(43) }))).toBe('NOT_FOUND');
      await owner.beta.revokeInvite({ inviteId: spare.id });
      expect(await outcome(() => h.caller(frank).beta.link({ token: spare.token }))).toBe('NOT_FOUND');
      const expiring = await owner.beta.createLink({ roundId, expiresInDays: 1 });
      expect(
        await outcome(() =>
          h.caller(frank, { now: () => new Date(Date.now() + 2 * DAY) }).beta.link({ token: expiring.token }),
        ),
      ).toBe('NOT_FOUND');
    });

    it('stores only a hash of the token, and revoking a used link ends that reader’s access', async () => {
      const { fx, roundId } = s;
      const owner = h.caller(fx.users.owner);
      const dave = await h.user('dave');
      const link = await owner.beta.createLink({ roundId });
      const row = await db.prisma.betaInvite.findUniqueOrThrow({ where: { id: link.id } });
      expect(Buffer.from(row.tokenHash!).toString('base64url')).not.toBe(link.token);
      expect(JSON.stringify(await owner.beta.get({ roundId }))).not.toContain(link.token);
      await h.caller(dave).beta.accept({ token: link.token });
      expect(await outcome(() => h.caller(dave).beta.read({ roundId }))).toBe('OK');
      await owner.beta.revokeInvite({ inviteId: link.id });
      expect(await outcome(() => h.caller(dave).beta.read({ roundId }))).toBe('NOT_FOUND');
      expect(await outcome(() => h.caller(dave).beta.accept({ token: link.token }))).toBe('NOT_FOUND');
    });
  });

  it('closes a round: readers still read it but give no more feedback', async () => {
    const fresh = await scene();
    await h.caller(fresh.fx.users.owner).beta.close({ roundId: fresh.roundId });
    const alice = h.caller(fresh.alice);
    expect((await alice.beta.read({ roundId: fresh.roundId })).viewer.canGiveFeedback).toBe(false);
    expect(
      (await trpcError(alice.beta.verdict({ roundId: fresh.roundId, verdict: 'yay', body: '' }))).code,
    ).toBe('FORBIDDEN');
    const p = (await roundPassages(fresh.alice, fresh.roundId))[0]!;
    expect(
      (
        await trpcError(
          alice.beta.comment({ roundId: fresh.roundId, passageKey: p.key, body: 'late', type: 'critique' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses editors as invitees and unknown passages', async () => {
    const owner = h.caller(s.fx.users.owner);
    expect(
      (await trpcError(owner.beta.invite({ roundId: s.roundId, username: s.fx.users.coauthor.username })))
        .code,
    ).toBe('BAD_REQUEST');
    expect(
      (await trpcError(owner.beta.invite({ roundId: s.roundId, username: 'nobody_at_all_here' }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await trpcError(
          h
            .caller(s.alice)
            .beta.comment({ roundId: s.roundId, passageKey: 'nope', body: 'x', type: 'critique' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });
});
