// Chapter reviews: one per reader per chapter, editable; members cannot review; author replies;
// the story summary; moderation of reviews; rate limits.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceError } from '../src/errors';
import { harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('reviews', () => {
  it('one per reader per chapter: a second upsert edits it; members of the story cannot review', async () => {
    const fx = await storyFixture(h, 'public');
    const reader = h.caller(fx.users.reader);
    const first = await reader.review.upsert({
      chapterId: fx.liveChapterId,
      verdict: 'yay',
      pacing: 4,
      prose: 5,
      body: 'Loved it.',
    });
    expect(first.created).toBe(true);
    const second = await reader.review.upsert({
      chapterId: fx.liveChapterId,
      verdict: 'nay',
      characters: 2,
      body: 'On reflection, no.',
    });
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(await db.prisma.review.count({ where: { chapterId: fx.liveChapterId } })).toBe(1);
    // Replacing: aspects not given again are cleared.
    expect(await reader.review.mine({ chapterId: fx.liveChapterId })).toMatchObject({
      verdict: 'nay',
      pacing: null,
      characters: 2,
      prose: null,
      body: 'On reflection, no.',
      mine: true,
    });
    expect(await h.caller(fx.users.other).review.mine({ chapterId: fx.liveChapterId })).toBeNull();

    for (const member of [fx.users.owner, fx.users.coauthor, fx.users.beta]) {
      const refused = await trpcError(
        h.caller(member).review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay' }),
      );
      expect(refused.code).toBe('FORBIDDEN');
    }
    expect(
      (await trpcError(reader.review.upsert({ chapterId: fx.draftChapterId, verdict: 'yay' }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await trpcError(reader.review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', pacing: 6 })))
        .code,
    ).toBe('BAD_REQUEST');
  });

  it('the owner or a co-author replies once publicly; replying again edits the reply', async () => {
    const fx = await storyFixture(h, 'public');
    const { id } = await h
      .caller(fx.users.reader)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', body: 'More please.' });
    await h.caller(fx.users.owner).review.reply({ reviewId: id, body: 'Thank you!' });
    await h.caller(fx.users.coauthor).review.reply({ reviewId: id, body: 'Thank you, truly!' });
    const list = await h.caller(null).review.list({ chapterId: fx.liveChapterId });
    expect(list.reviews.map((r) => [r.body, r.authorReply])).toEqual([['More please.', 'Thank you, truly!']]);
    expect(list.reviews[0]!.authorReplyAt).toBeInstanceOf(Date);
    expect([list.yay, list.nay]).toEqual([1, 0]);
    expect((await trpcError(h.caller(fx.users.beta).review.reply({ reviewId: id, body: 'x' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await trpcError(h.caller(fx.users.other).review.reply({ reviewId: id, body: 'x' }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('hidden reviews leave the list and the summary; editors still see them to unhide', async () => {
    const fx = await storyFixture(h, 'public');
    const { id } = await h
      .caller(fx.users.reader)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', body: 'Rude words' });
    await h.caller(fx.users.other).review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay' });
    await h.caller(fx.users.coauthor).moderation.setReviewStatus({ reviewId: id, status: 'hidden' });
    expect(
      (await h.caller(null).review.list({ chapterId: fx.liveChapterId })).reviews.map((r) => r.verdict),
    ).toEqual(['yay']);
    expect(
      (await h.caller(fx.users.owner).review.list({ chapterId: fx.liveChapterId })).reviews.map((r) => [
        r.verdict,
        r.status,
      ]),
    ).toEqual([
      ['yay', 'visible'],
      ['nay', 'hidden'],
    ]);
    expect((await h.caller(null).review.storySummary({ slug: fx.slug })).total).toEqual({
      yay: 1,
      nay: 0,
      reviews: 1,
      yayShare: 1,
    });
    // Editing keeps it hidden.
    await h
      .caller(fx.users.reader)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', body: 'Still rude' });
    expect((await h.caller(null).review.list({ chapterId: fx.liveChapterId })).reviews).toHaveLength(1);
    await h.caller(fx.users.owner).moderation.setReviewStatus({ reviewId: id, status: 'visible' });
    expect((await h.caller(null).review.list({ chapterId: fx.liveChapterId })).reviews).toHaveLength(2);
    await h.caller(fx.users.owner).moderation.setReviewStatus({ reviewId: id, status: 'deleted' });
    expect(await h.caller(fx.users.reader).review.mine({ chapterId: fx.liveChapterId })).toBeNull();
    expect(
      (
        await trpcError(
          h.caller(fx.users.reader).review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('storySummary: per-chapter yay/nay over the chapters the caller sees, the yay share and aspect averages', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    await owner.chapter.publish({ chapterId: fx.draftChapterId });
    const voters = await Promise.all([h.user('v1'), h.user('v2'), h.user('v3')]);
    await h
      .caller(voters[0])
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', pacing: 5, prose: 4 });
    await h.caller(voters[1]).review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', pacing: 2 });
    await h
      .caller(voters[2])
      .review.upsert({ chapterId: fx.draftChapterId, verdict: 'yay', pacing: 3, characters: 5 });
    const summary = await h.caller(null).review.storySummary({ storyId: fx.storyId });
    expect(summary.chapters.map((c) => [c.number, c.yay, c.nay, c.reviews])).toEqual([
      [1, 1, 1, 2],
      [2, 1, 0, 1],
    ]);
    expect(summary.total).toEqual({ yay: 2, nay: 1, reviews: 3, yayShare: 2 / 3 });
    expect(summary.aspects).toEqual({ pacing: 3.33, characters: 5, povClarity: null, prose: 4 });
    // Unpublished chapters drop out for readers, not for members.
    await owner.chapter.unpublish({ chapterId: fx.draftChapterId });
    expect((await h.caller(null).review.storySummary({ slug: fx.slug })).chapters).toHaveLength(1);
    expect((await h.caller(fx.users.beta).review.storySummary({ slug: fx.slug })).chapters).toHaveLength(2);
  });

  it('is rate-limited per user: 5 a minute, then 429 with retryAfterSeconds', async () => {
    const fx = await storyFixture(h, 'public');
    const t0 = new Date('2031-04-01T08:00:00Z');
    const upsert = (s: number) =>
      h
        .caller(fx.users.reader, { now: () => new Date(t0.getTime() + s * 1000) })
        .review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay' });
    for (let i = 0; i < 5; i++) await upsert(i);
    const refused = await trpcError(upsert(10));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect((refused.cause as ServiceError).details.retryAfterSeconds).toBe(50);
    await upsert(60);
  });
});
