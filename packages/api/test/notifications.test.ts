// Notifications: created with the action that causes them, never for one's own actions, and
// honouring each user's settings.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('notifications', () => {
  it('authors hear of comments and reviews, commenters of replies; nobody of their own actions', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const root = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'What a line',
      type: 'reaction',
      visibility: 'public',
    });
    const ownerReply = await h.caller(fx.users.owner).comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Glad you liked it',
      type: 'reaction',
      visibility: 'public',
    });
    const review = await h
      .caller(fx.users.other)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', body: 'Great chapter' });
    await h
      .caller(fx.users.other)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', body: 'Edited: great chapter' });
    await h.caller(fx.users.coauthor).review.reply({ reviewId: review.id, body: 'Thanks!' });

    const kinds = async (user: typeof fx.users.owner) =>
      (await h.caller(user).notification.list()).items.map((n) => [n.kind, n.targetId]).sort();
    expect(await kinds(fx.users.owner)).toEqual(
      [
        ['comment', root.id],
        ['review', review.id],
      ].sort(),
    );
    expect(await kinds(fx.users.coauthor)).toEqual(
      [
        ['comment', ownerReply.id],
        ['comment', root.id],
        ['review', review.id],
      ].sort(),
    );
    expect(await kinds(fx.users.reader)).toEqual([['reply', ownerReply.id]]);
    expect(await kinds(fx.users.other)).toEqual([['reply', review.id]]);
    expect(await kinds(fx.users.beta)).toEqual([]);

    const item = (await h.caller(fx.users.reader).notification.list()).items[0]!;
    expect(item).toMatchObject({
      actor: { username: fx.users.owner.username },
      story: { id: fx.storyId, slug: fx.slug },
      chapterId: fx.liveChapterId,
      readAt: null,
    });
    expect(item.summary).toContain('Glad you liked it');
  });

  it('a removed comment takes its notifications along: deleted by its writer, hidden or deleted by an editor', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const comment = (body: string) =>
      h
        .caller(fx.users.reader)
        .comment.create({ chapterId: fx.liveChapterId, ...at, body, type: 'reaction', visibility: 'public' });
    const [a, b, c] = [
      await comment('Withdrawn by me'),
      await comment('Hidden by them'),
      await comment('Kept'),
    ];
    const unread = async () => (await h.caller(fx.users.owner).notification.unreadCount()).count;
    const listed = async () =>
      (await h.caller(fx.users.owner).notification.list()).items.map((n) => n.targetId);
    expect(await unread()).toBe(3);
    await h.caller(fx.users.reader).comment.delete({ commentId: a.id });
    await h.caller(fx.users.coauthor).moderation.setCommentStatus({ commentId: b.id, status: 'hidden' });
    // The header's count and the inbox agree, and the removed words are gone from it.
    expect(await unread()).toBe(1);
    expect(await listed()).toEqual([c.id]);
  });

  it('is dated by the action, on its own clock', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const when = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    const comment = await h.caller(fx.users.reader, { now: () => when }).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Three days ago',
      type: 'reaction',
      visibility: 'public',
    });
    const [note] = (await h.caller(fx.users.owner).notification.list()).items.filter(
      (n) => n.targetId === comment.id,
    );
    expect(new Date(note!.createdAt).getTime()).toBe(when.getTime());
  });

  it('honours settings: a disabled kind creates nothing, other kinds still arrive', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    expect(await owner.notification.settings()).toEqual({
      review: true,
      comment: true,
      reply: true,
      chapter: true,
    });
    expect(await owner.notification.updateSettings({ comment: false })).toEqual({
      review: true,
      comment: false,
      reply: true,
      chapter: true,
    });
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Quiet',
      type: 'reaction',
      visibility: 'public',
    });
    await h.caller(fx.users.reader).review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay' });
    expect((await owner.notification.list()).items.map((n) => n.kind)).toEqual(['review']);
    expect(
      await db.prisma.notification.count({ where: { userId: fx.users.coauthor.id, kind: 'comment' } }),
    ).toBe(1);
  });

  it('unread count, mark some or all read, and cursor pages', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    for (let i = 0; i < 5; i++) {
      await h.caller(fx.users.reader, { now: () => new Date(Date.UTC(2031, 0, 1, 0, 0, i)) }).comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: `c${i}`,
        type: 'reaction',
        visibility: 'public',
      });
    }
    const owner = h.caller(fx.users.owner);
    expect(await owner.notification.unreadCount()).toEqual({ count: 5 });
    const page1 = await owner.notification.list({ limit: 3 });
    const page2 = await owner.notification.list({ limit: 3, cursor: page1.nextCursor! });
    expect(page1.items).toHaveLength(3);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((n) => n.id)).size).toBe(5);

    // Someone else's ids are ignored.
    expect(
      await h.caller(fx.users.other).notification.markRead({ ids: page1.items.map((n) => n.id) }),
    ).toEqual({ updated: 0 });
    expect(await owner.notification.markRead({ ids: page1.items.slice(0, 2).map((n) => n.id) })).toEqual({
      updated: 2,
    });
    expect(await owner.notification.unreadCount()).toEqual({ count: 3 });
    expect((await owner.notification.list({ unreadOnly: true })).items).toHaveLength(3);
    expect(await owner.notification.markRead()).toEqual({ updated: 3 });
    expect(await owner.notification.unreadCount()).toEqual({ count: 0 });
  });
});
