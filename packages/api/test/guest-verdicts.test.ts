// Verdicts from readers without an account, hand-counted: one per chapter per browser (a second
// tap never doubles, the other button changes it), limited per address per day without storing
// the address, the author's switch, members' one-tap verdict keeping their review, and the daily
// salt that housekeeping destroys.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { housekeeping } from '../src/jobs/housekeeping';
import { readerPageVersion } from '../src/services/reading/page-version';
import { GUEST_VERDICT_LIMITS } from '../src/services/guest/guest-verdict';
import { daySalt, readerHash } from '../src/services/guest/reader-salt';
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

const secret = (n: number) =>
  `browser-secret-${String(n).padStart(4, '0')}-${Math.random().toString(36).slice(2)}`;

describe('guest verdicts', () => {
  it('one per chapter per browser: a second tap does not double it, the other button changes it', async () => {
    const fx = await storyFixture(h, 'public');
    const chapterId = fx.liveChapterId;
    const guest = h.caller(null);
    const a = secret(1);
    const b = secret(2);
    const version = () => readerPageVersion({ db, slug: fx.slug, now: new Date() });
    const v0 = await version();
    expect(await guest.review.guestVerdict({ chapterId, verdict: 'yay', browserSecret: a })).toEqual({
      verdict: 'yay',
      changed: true,
    });
    // The count is part of the page: cached copies for anonymous readers are stale now.
    const v1 = await version();
    expect(v1).not.toBe(v0);
    expect(await guest.review.guestVerdict({ chapterId, verdict: 'yay', browserSecret: a })).toEqual({
      verdict: 'yay',
      changed: false,
    });
    expect(await version()).toBe(v1);
    await guest.review.guestVerdict({ chapterId, verdict: 'yay', browserSecret: b });
    await h.caller(fx.users.reader).review.verdict({ chapterId, verdict: 'nay' });
    // Hand count: guests a=yay, b=yay; members reader=nay.
    let list = await guest.review.list({ chapterId });
    expect([list.yay, list.nay, list.guests]).toEqual([0, 1, { yay: 2, nay: 0 }]);
    // Browser b changes its mind: still two guest rows.
    await guest.review.guestVerdict({ chapterId, verdict: 'nay', browserSecret: b });
    list = await guest.review.list({ chapterId });
    expect(list.guests).toEqual({ yay: 1, nay: 1 });
    expect(await db.prisma.guestVerdict.count({ where: { chapterId } })).toBe(2);
    expect(await guest.review.guestVerdictOf({ chapterId, browserSecret: b })).toBe('nay');
    expect(await guest.review.guestVerdictOf({ chapterId, browserSecret: secret(3) })).toBeNull();
    // Nothing stored is the cookie or an address.
    const rows = await db.prisma.guestVerdict.findMany({ where: { chapterId } });
    for (const r of rows) expect([a, b]).not.toContain(r.browserKey);
  });

  it('guests may only give verdicts on chapters they can read, and not when the author switched them off', async () => {
    const fx = await storyFixture(h, 'public');
    const guest = h.caller(null);
    expect(
      (
        await trpcError(
          guest.review.guestVerdict({
            chapterId: fx.draftChapterId,
            verdict: 'yay',
            browserSecret: secret(1),
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await trpcError(
          h.caller(fx.users.coauthor).moderation.setGuestVerdicts({ storyId: fx.storyId, enabled: false }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await h.caller(fx.users.owner).moderation.setGuestVerdicts({ storyId: fx.storyId, enabled: false });
    const refused = await trpcError(
      guest.review.guestVerdict({ chapterId: fx.liveChapterId, verdict: 'yay', browserSecret: secret(2) }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(await db.prisma.guestVerdict.count({ where: { chapterId: fx.liveChapterId } })).toBe(0);
    expect((await guest.review.list({ chapterId: fx.liveChapterId })).guestVerdicts).toBe(false);
    await h.caller(fx.users.owner).moderation.setGuestVerdicts({ storyId: fx.storyId, enabled: true });
    await guest.review.guestVerdict({
      chapterId: fx.liveChapterId,
      verdict: 'yay',
      browserSecret: secret(2),
    });
    expect((await guest.review.list({ chapterId: fx.liveChapterId })).guests.yay).toBe(1);
  });

  it('limited per address per day, with the address kept only as a hash under today’s salt', async () => {
    const fx = await storyFixture(h, 'public');
    const address = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const day = GUEST_VERDICT_LIMITS.find((r) => r.name === 'day')!;
    const minute = GUEST_VERDICT_LIMITS.find((r) => r.name === 'minute')!;
    let clock = new Date('2026-12-03T08:00:00Z');
    const guest = () => h.caller(null, { clientAddress: address, now: () => clock });
    // Spread over minutes so only the day's limit bites.
    for (let i = 0; i < day.limit; i++) {
      if (i % minute.limit === 0) clock = new Date(clock.getTime() + 61_000);
      await guest().review.guestVerdict({
        chapterId: fx.liveChapterId,
        verdict: 'yay',
        browserSecret: secret(i),
      });
    }
    const refused = await trpcError(
      guest().review.guestVerdict({
        chapterId: fx.liveChapterId,
        verdict: 'yay',
        browserSecret: secret(9999),
      }),
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    // Another address is not affected.
    await h
      .caller(null, { now: () => clock })
      .review.guestVerdict({ chapterId: fx.liveChapterId, verdict: 'yay', browserSecret: secret(9998) });
    expect((await h.caller(null).review.list({ chapterId: fx.liveChapterId })).guests.yay).toBe(
      day.limit + 1,
    );
    // The limit's key holds no address, only today's hash of it.
    const keys = (
      await db.prisma.rateLimit.findMany({
        where: { key: { startsWith: 'guest-verdict:' } },
        select: { key: true },
      })
    ).map((k) => k.key);
    expect(keys.some((k) => k.includes(address))).toBe(false);
    expect(keys).toContain(`guest-verdict:day:${await readerHash(db, clock, address)}`);
    // 200 verdicts: slow on a busy machine, bounded all the same.
  }, 240_000);

  it('a signed-in reader’s one tap keeps their ratings and text, and can be changed', async () => {
    const fx = await storyFixture(h, 'public');
    const reader = h.caller(fx.users.reader);
    await reader.review.upsert({ chapterId: fx.liveChapterId, verdict: 'yay', pacing: 4, body: 'Lovely.' });
    await reader.review.verdict({ chapterId: fx.liveChapterId, verdict: 'nay' });
    expect(await reader.review.mine({ chapterId: fx.liveChapterId })).toMatchObject({
      verdict: 'nay',
      pacing: 4,
      body: 'Lovely.',
    });
    expect(
      (
        await trpcError(
          h.caller(fx.users.owner).review.verdict({ chapterId: fx.liveChapterId, verdict: 'yay' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (await trpcError(h.caller(null).review.verdict({ chapterId: fx.liveChapterId, verdict: 'yay' }))).code,
    ).toBe('UNAUTHORIZED');
  });

  it('a new salt each day; housekeeping deletes past days’ salts, so yesterday’s hash cannot be remade', async () => {
    const monday = new Date('2031-03-03T23:00:00Z');
    const tuesday = new Date('2031-03-04T01:00:00Z');
    const before = await readerHash(db, monday, '192.0.2.7', 'UA');
    expect(await readerHash(db, monday, '192.0.2.7', 'UA')).toBe(before);
    expect(await readerHash(db, tuesday, '192.0.2.7', 'UA')).not.toBe(before);
    expect(await daySalt(db, monday)).not.toBe(await daySalt(db, tuesday));
    const { tasks } = housekeeping({ db, auth: h.auth, now: () => tuesday });
    await tasks['housekeeping.prune']!(null, {} as never);
    expect(await db.prisma.readerSalt.findUnique({ where: { day: '2031-03-03' } })).toBeNull();
    expect(await db.prisma.readerSalt.findUnique({ where: { day: '2031-03-04' } })).not.toBeNull();
  });
});
