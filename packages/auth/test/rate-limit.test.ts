import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimitRule } from '../src/index';
import { rateLimitStep } from '../src/rate-limit';
import { manualClock } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const key = () => `test:${uniqueSuffix()}`;

describe('rateLimitStep (the rule, without storage)', () => {
  const t0 = new Date('2031-01-01T00:00:00.000Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const fresh = { count: 0, windowStart: t0, blockedUntil: null };

  it('plain window: the limit-th attempt passes, the next waits for the window end', () => {
    const rule = { limit: 2, windowSeconds: 60 };
    const one = rateLimitStep(fresh, at(0), rule);
    const two = rateLimitStep(one.state, at(10), rule);
    expect([one.result, two.result]).toEqual([{ ok: true }, { ok: true }]);
    expect(rateLimitStep(two.state, at(15), rule).result).toEqual({ ok: false, retryAfterSeconds: 45 });
    const after = rateLimitStep(two.state, at(60), rule);
    expect(after.result).toEqual({ ok: true });
    expect(after.state.count).toBe(1);
  });

  it('block with backoff doubles, caps, and forgets after a quiet window', () => {
    const rule = { limit: 1, windowSeconds: 100, blockSeconds: 10, maxBlockSeconds: 30 };
    let s = rateLimitStep(fresh, at(0), rule);
    expect(s.state.blockedUntil).toEqual(at(10));
    expect(rateLimitStep(s.state, at(5), rule).result).toEqual({ ok: false, retryAfterSeconds: 5 });
    s = rateLimitStep(s.state, at(10), rule);
    expect(s.state.blockedUntil).toEqual(at(30));
    s = rateLimitStep(s.state, at(30), rule);
    expect(s.state.blockedUntil).toEqual(at(60)); // 40 capped to 30
    s = rateLimitStep(s.state, at(60 + 100), rule); // a full quiet window after the block
    expect(s.state).toMatchObject({ count: 1, blockedUntil: at(170) });
  });

  it('does not count attempts refused during a block', () => {
    const rule = { limit: 1, windowSeconds: 100, blockSeconds: 10 };
    const blocked = rateLimitStep(fresh, at(0), rule).state;
    expect(rateLimitStep(blocked, at(1), rule).state).toBe(blocked);
  });

  it('rejects nonsensical rules', async () => {
    const limiter = createRateLimiter(db);
    await expect(limiter.hit(key(), { limit: 0, windowSeconds: 60 })).rejects.toThrow(RangeError);
    await expect(limiter.hit(key(), { limit: 1, windowSeconds: -1 })).rejects.toThrow(RangeError);
  });
});

describe('createRateLimiter (database)', () => {
  const rule: RateLimitRule = { limit: 3, windowSeconds: 60 };

  it('counts in the RateLimit table, shared by separate limiter instances', async () => {
    const clock = manualClock();
    const a = createRateLimiter(db, { now: clock.now });
    const b = createRateLimiter(db, { now: clock.now });
    const k = key();
    expect(await a.hit(k, rule)).toEqual({ ok: true });
    expect(await b.hit(k, rule)).toEqual({ ok: true });
    expect(await a.hit(k, rule)).toEqual({ ok: true });
    clock.advance(15);
    expect(await b.hit(k, rule)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(await db.prisma.rateLimit.findUniqueOrThrow({ where: { key: k } })).toMatchObject({ count: 3 });
    clock.advance(45);
    expect(await a.hit(k, rule)).toEqual({ ok: true });
  });

  it('reset forgets a key', async () => {
    const limiter = createRateLimiter(db);
    const k = key();
    for (let i = 0; i < 3; i++) await limiter.hit(k, rule);
    expect((await limiter.hit(k, rule)).ok).toBe(false);
    await limiter.reset(k);
    expect(await db.prisma.rateLimit.findUnique({ where: { key: k } })).toBeNull();
    expect(await limiter.hit(k, rule)).toEqual({ ok: true });
  });

  it('is atomic: of many concurrent hits from two instances exactly `limit` pass', async () => {
    const clock = manualClock();
    const instances = [createRateLimiter(db, { now: clock.now }), createRateLimiter(db, { now: clock.now })];
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => instances[i % 2]!.hit(k, { limit: 5, windowSeconds: 60 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(await db.prisma.rateLimit.findUniqueOrThrow({ where: { key: k } })).toMatchObject({ count: 5 });
  });

  it('prune deletes only rows that are old and not blocked', async () => {
    // Long before any other test's rows, so pruning on a shared database touches only ours.
    const clock = manualClock(new Date('1990-01-01T00:00:00.000Z'));
    const limiter = createRateLimiter(db, { now: clock.now });
    const [old, blocked, recent] = [key(), key(), key()];
    await limiter.hit(old, rule);
    await limiter.hit(blocked, { limit: 1, windowSeconds: 3 * 3600 }); // old window, still blocked
    clock.advance(2 * 3600);
    await limiter.hit(recent, rule);
    expect(await limiter.prune(3600)).toBe(1);
    const left = await db.prisma.rateLimit.findMany({
      where: { key: { in: [old, blocked, recent] } },
      select: { key: true },
    });
    expect(left.map((r) => r.key).sort()).toEqual([blocked, recent].sort());
  });

  it('keeps keys independent', async () => {
    const limiter = createRateLimiter(db);
    const [k1, k2] = [key(), key()];
    for (let i = 0; i < 3; i++) await limiter.hit(k1, rule);
    expect((await limiter.hit(k1, rule)).ok).toBe(false);
    expect(await limiter.hit(k2, rule)).toEqual({ ok: true });
  });
});
