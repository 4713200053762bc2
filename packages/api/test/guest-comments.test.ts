// Inline comments from readers without an account: refused unless the owner turned them on, held
// for approval (no other reader, signed in or not, sees one before), limited per address per day
// without storing the address, reportable, and named "guest" once approved.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_COMMENT_LIMITS, GUEST_USER } from '../src/services/guest/guest-comment';
import { harness, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

async function firstPassageKey(chapterId: string): Promise<string> {
  const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { publishedRevisionId: true },
  });
  const p = await db.prisma.passage.findFirstOrThrow({
    where: { revisionId: publishedRevisionId!, kind: 'text' },
    orderBy: { position: 'asc' },
    select: { key: true },
  });
  return p.key;
}

async function openStory(): Promise<StoryFixture & { passageKey: string }> {
  const fx = await storyFixture(h, 'public');
  await h.caller(fx.users.owner).moderation.setGuestComments({ storyId: fx.storyId, enabled: true });
  return { ...fx, passageKey: await firstPassageKey(fx.liveChapterId) };
}

/** Every body a caller can find on the chapter, through each way the page reads comments. */
async function bodiesSeenBy(caller: ReturnType<Harness['caller']>, chapterId: string, passageKey: string) {
  const list = await caller.comment.list({ chapterId });
  const passage = await caller.comment.passage({ chapterId, passageKey });
  const counts = await caller.comment.counts({ chapterId });
  const summary = await caller.comment.summary({ chapterId, open: passageKey });
  return {
    bodies: [...list.threads, ...passage.threads].flatMap((t) => [
      t.root.body,
      ...t.replies.map((r) => r.body),
    ]),
    counted: Object.values(counts.byPassage).reduce((a, b) => a + b, 0) + counts.outdated,
    /** Passages with commented words underlined for this caller. */
    underlined: Object.keys(summary.spans).length,
    summaryBodies: summary.threads.map((t) => t.root.body),
  };
}

describe('guest comments', () => {
  it('are refused while the story option is off (the default)', async () => {
    const fx = await storyFixture(h, 'public');
    const passageKey = await firstPassageKey(fx.liveChapterId);
    const input = { chapterId: fx.liveChapterId, passageKey, body: 'Lovely', name: 'Ann' };
    expect((await trpcError(h.caller(null).comment.guestCreate(input))).code).toBe('FORBIDDEN');
    expect(await db.prisma.inlineComment.count({ where: { chapterId: fx.liveChapterId } })).toBe(0);
    // Only the owner turns it on; then it is taken.
    expect(
      (
        await trpcError(
          h.caller(fx.users.coauthor).moderation.setGuestComments({ storyId: fx.storyId, enabled: true }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await h.caller(fx.users.owner).moderation.setGuestComments({ storyId: fx.storyId, enabled: true });
    expect((await h.caller(fx.users.owner).moderation.settings({ storyId: fx.storyId })).guestComments).toBe(
      true,
    );
    expect((await h.caller(null).comment.guestCreate(input)).status).toBe('pending');
    // Off again: refused again.
    await h.caller(fx.users.owner).moderation.setGuestComments({ storyId: fx.storyId, enabled: false });
    expect((await trpcError(h.caller(null).comment.guestCreate(input))).code).toBe('FORBIDDEN');
  });

  it('are held until the author approves them: no other reader sees one before', async () => {
    const fx = await openStory();
    const chapterId = fx.liveChapterId;
    const guest = h.caller(null);
    const created = await guest.comment.guestCreate({
      chapterId,
      passageKey: fx.passageKey,
      start: 0,
      end: 4,
      body: 'Held words',
      name: '  Ann  ',
      type: 'critique',
    });
    expect(created.status).toBe('pending');
    // A name is required and bounded.
    for (const name of ['   ', 'x'.repeat(41)])
      expect(
        (
          await trpcError(
            guest.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: 'b', name }),
          )
        ).code,
      ).toBe('BAD_REQUEST');
    // Guests cannot reply through it (no parentId in its input), nor anywhere through comment.create.
    expect((await trpcError(guest.comment.create({ chapterId, parentId: created.id, body: 'r' }))).code).toBe(
      'UNAUTHORIZED',
    );

    for (const viewer of [null, fx.users.reader, fx.users.other]) {
      const seen = await bodiesSeenBy(h.caller(viewer), chapterId, fx.passageKey);
      expect(seen.bodies).not.toContain('Held words');
      expect(seen.counted).toBe(0);
      expect(seen.underlined).toBe(0);
      expect(seen.summaryBodies).toEqual([]);
    }
    // The author sees it in the queue, with the guest's name.
    const pending = await h.caller(fx.users.owner).moderation.pending({ storyId: fx.storyId });
    expect(pending.map((p) => [p.body, p.author.displayName, p.author.guest, p.type])).toEqual([
      ['Held words', 'Ann', true, 'critique'],
    ]);
    // The authors were told, with the name marked as a guest's.
    const note = await db.prisma.notification.findFirstOrThrow({
      where: { userId: fx.users.owner.id, targetId: created.id },
      select: { summary: true },
    });
    expect(note.summary).toMatch(/^Ann \(guest\) commented on .*\(awaiting your approval\)/);

    await h.caller(fx.users.owner).moderation.approve({ commentId: created.id });
    // The checks above see an approved comment (so they would have seen a leaked one).
    const after = await bodiesSeenBy(h.caller(null), chapterId, fx.passageKey);
    expect([after.counted, after.underlined, after.summaryBodies]).toEqual([1, 1, ['Held words']]);
    for (const viewer of [null, fx.users.reader]) {
      const list = await h.caller(viewer).comment.list({ chapterId });
      const root = list.threads.find((t) => t.id === created.id)?.root;
      expect(root?.body).toBe('Held words');
      expect(root?.author).toMatchObject({ displayName: 'Ann', guest: true, username: GUEST_USER.username });
      expect(root?.mine).toBe(false);
    }
    // A second guest comment is held again: approving one guest trusts nobody.
    const second = await guest.comment.guestCreate({
      chapterId,
      passageKey: fx.passageKey,
      body: 'b',
      name: 'Ann',
    });
    expect(second.status).toBe('pending');
    // A member's reply notifies nobody on the guest's side: the shared account has no inbox.
    await h.caller(fx.users.reader).comment.create({ chapterId, parentId: created.id, body: 'Agreed' });
    expect(await db.prisma.notification.count({ where: { userId: GUEST_USER.id } })).toBe(0);
    // Members' comments name the member, not a guest.
    const member = await h
      .caller(fx.users.reader)
      .comment.create({ chapterId, passageKey: fx.passageKey, body: 'm' });
    const all = await h.caller(fx.users.owner).comment.list({ chapterId });
    expect(all.threads.find((t) => t.id === member.id)?.root.author?.guest).toBe(false);
  });

  it('are limited per address per day, and the address is not stored', async () => {
    const fx = await openStory();
    const chapterId = fx.liveChapterId;
    const day = GUEST_COMMENT_LIMITS.find((r) => r.name === 'day')!;
    const minute = GUEST_COMMENT_LIMITS.find((r) => r.name === 'minute')!;
    const address = `guest-limit-${Math.random().toString(36).slice(2)}`;
    const start = Date.parse('2030-01-01T08:00:00Z');
    let made = 0;
    // One every two minutes, so only the daily limit can stop it.
    for (let i = 0; i < day.limit; i++) {
      const caller = h.caller(null, { clientAddress: address, now: () => new Date(start + i * 120_000) });
      await caller.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: `c${i}`, name: 'Bo' });
      made++;
    }
    const late = h.caller(null, { clientAddress: address, now: () => new Date(start + day.limit * 120_000) });
    const refused = await trpcError(
      late.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: 'x', name: 'Bo' }),
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(made).toBe(day.limit);
    // Another address is not held back by this one.
    const other = h.caller(null, {
      clientAddress: `${address}-b`,
      now: () => new Date(start + day.limit * 120_000),
    });
    await other.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: 'y', name: 'Cy' });
    // A burst from one address stops at the minute's limit.
    const burst = `${address}-burst`;
    const at = h.caller(null, { clientAddress: burst, now: () => new Date(start) });
    for (let i = 0; i < minute.limit; i++)
      await at.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: `b${i}`, name: 'Di' });
    expect(
      (
        await trpcError(
          at.comment.guestCreate({ chapterId, passageKey: fx.passageKey, body: 'z', name: 'Di' }),
        )
      ).code,
    ).toBe('TOO_MANY_REQUESTS');
    // Nothing stored carries the address.
    const keys = await db.prisma.$queryRaw<
      { key: string }[]
    >`SELECT key FROM "RateLimit" WHERE key LIKE 'guest-comment:%'`;
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.key).not.toContain(address);
    const held = await db.prisma.inlineComment.findMany({
      where: { chapterId },
      select: { guestName: true, body: true },
    });
    expect(held).toHaveLength(day.limit + 1 + minute.limit);
    expect(JSON.stringify(held)).not.toContain(address);
  });

  it('can be reported like any other comment, and the report names the guest', async () => {
    const fx = await openStory();
    const chapterId = fx.liveChapterId;
    const created = await h.caller(null).comment.guestCreate({
      chapterId,
      passageKey: fx.passageKey,
      body: 'Spam spam',
      name: 'Eve',
    });
    // Pending: only editors see it, so a reader cannot report it yet.
    expect(
      (
        await trpcError(
          h
            .caller(fx.users.reader)
            .moderation.report({ targetType: 'comment', targetId: created.id, reason: 'x' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await h.caller(fx.users.owner).moderation.approve({ commentId: created.id });
    await h
      .caller(fx.users.reader)
      .moderation.report({ targetType: 'comment', targetId: created.id, reason: 'Spam' });
    const reports = await h.caller(fx.users.owner).moderation.reports({ storyId: fx.storyId });
    expect(reports.map((r) => [r.reason, r.target?.author.username, r.target?.body])).toEqual([
      ['Spam', 'Eve (guest)', 'Spam spam'],
    ]);
    // And moderated like any other: hidden, it is gone for readers.
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: created.id, status: 'hidden' });
    const seen = await bodiesSeenBy(h.caller(null), chapterId, fx.passageKey);
    expect(seen.bodies).not.toContain('Spam spam');
  });

  it('exist only on chapters a guest may read', async () => {
    const fx = await openStory();
    expect(
      (
        await trpcError(
          h.caller(null).comment.guestCreate({
            chapterId: fx.draftChapterId,
            passageKey: fx.passageKey,
            body: 'x',
            name: 'Fay',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });
});
