import type { Database } from '@margins/db';

export interface RateLimitRule {
  /** Attempts allowed per window. The attempt that reaches it still goes ahead; the next is refused. */
  limit: number;
  windowSeconds: number;
  /**
   * Without it: a plain fixed window (refused until the window ends). With it: reaching the limit
   * blocks the key for `blockSeconds`; after a block ends, each further attempt within a window is
   * let through but immediately starts a block twice as long as the last (exponential backoff, up
   * to `maxBlockSeconds`). A full quiet window after a block forgets the key.
   */
  blockSeconds?: number;
  /** Upper bound of one block when `blockSeconds` is set (default: one day). */
  maxBlockSeconds?: number;
}

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt under `key` and says whether it may go ahead. */
  hit(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forgets `key` (e.g. an account's failures after a successful login). */
  reset(key: string): Promise<void>;
  /**
   * Deletes rows not blocked and untouched for `olderThanSeconds` (use at least the longest window
   * of any rule); for a periodic job, since every distinct key (e.g. each IP) leaves a row.
   */
  prune(olderThanSeconds: number): Promise<number>;
}

export interface RateLimitState {
  count: number;
  windowStart: Date;
  blockedUntil: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function checkRule(rule: RateLimitRule): void {
  const positive = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n > 0);
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new RangeError('rate limit: limit must be an integer >= 1');
  if (!positive(rule.windowSeconds) || !positive(rule.blockSeconds) || !positive(rule.maxBlockSeconds)) {
    throw new RangeError('rate limit: windowSeconds, blockSeconds and maxBlockSeconds must be > 0');
  }
}

/**
 * The rule as a pure state transition (one attempt at `now`), kept apart from storage so the
 * arithmetic is obvious. Attempts refused during a block are not counted: hammering a blocked
 * key must not stretch the block beyond the backoff schedule.
 */
export function rateLimitStep(
  state: RateLimitState,
  now: Date,
  rule: RateLimitRule,
): { state: RateLimitState; result: RateLimitResult } {
  const t = now.getTime();
  if (state.blockedUntil && state.blockedUntil.getTime() > t) {
    return {
      state,
      result: {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((state.blockedUntil.getTime() - t) / 1000)),
      },
    };
  }
  const windowMs = rule.windowSeconds * 1000;
  const expired = t >= state.windowStart.getTime() + windowMs;
  const count = expired ? 1 : state.count + 1;
  let windowStart = expired ? now : state.windowStart;
  let blockedUntil: Date | null = null;
  if (count >= rule.limit) {
    if (rule.blockSeconds === undefined) {
      blockedUntil = new Date(windowStart.getTime() + windowMs);
    } else {
      const maxMs = (rule.maxBlockSeconds ?? Math.max(DAY_MS / 1000, rule.blockSeconds)) * 1000;
      const blockMs = Math.min(maxMs, rule.blockSeconds * 1000 * 2 ** (count - rule.limit));
      blockedUntil = new Date(t + blockMs);
      // The window restarts when the block ends, so the memory of failures outlasts the block:
      // the next attempt soon after it escalates instead of getting a fresh allowance.
      windowStart = blockedUntil;
    }
  }
  return { state: { count, windowStart, blockedUntil }, result: { ok: true } };
}

/**
 * Rate limits whose state lives in the `RateLimit` table, so every app instance shares it.
 *
 * Atomicity: each hit is one transaction that creates the row if missing (INSERT ... ON CONFLICT
 * DO NOTHING), then locks it with SELECT ... FOR UPDATE before reading and writing. Concurrent
 * hits on the same key, from any instance, are therefore serialised: none is lost and they
 * cannot all slip through under the limit.
 */
export function createRateLimiter(db: Database, options: { now?: () => Date } = {}): RateLimiter {
  const clock = options.now ?? (() => new Date());

  return {
    async hit(key, rule) {
      checkRule(rule);
      const now = clock();
      return db.prisma.$transaction(async (tx) => {
        await tx.rateLimit.createMany({ data: [{ key, count: 0, windowStart: now }], skipDuplicates: true });
        await tx.$executeRaw`SELECT 1 FROM "RateLimit" WHERE "key" = ${key} FOR UPDATE`;
        const current = await tx.rateLimit.findUniqueOrThrow({ where: { key } });
        const next = rateLimitStep(current, now, rule);
        if (next.state !== current) await tx.rateLimit.update({ where: { key }, data: next.state });
        return next.result;
      });
    },

    async reset(key) {
      await db.prisma.rateLimit.deleteMany({ where: { key } });
    },

    async prune(olderThanSeconds) {
      const now = clock();
      const { count } = await db.prisma.rateLimit.deleteMany({
        where: {
          windowStart: { lt: new Date(now.getTime() - olderThanSeconds * 1000) },
          OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }],
        },
      });
      return count;
    },
  };
}
