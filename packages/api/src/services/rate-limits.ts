// Per-user write limits, kept in the database (RateLimit) so every app instance counts the same.
import type { Database } from '@margins/db';
import { createRateLimiter, type RateLimitRule } from '../auth';
import { ServiceError } from '../errors';

export type LimitedAction = 'comment' | 'review' | 'report';

interface NamedRule extends RateLimitRule {
  name: string;
}

export const RATE_LIMITS: Record<LimitedAction, NamedRule[]> = {
  comment: [
    { name: 'minute', limit: 10, windowSeconds: 60 },
    { name: 'day', limit: 100, windowSeconds: 86_400 },
  ],
  review: [
    { name: 'minute', limit: 5, windowSeconds: 60 },
    { name: 'day', limit: 50, windowSeconds: 86_400 },
  ],
  report: [{ name: 'hour', limit: 20, windowSeconds: 3600 }],
};

const WHAT: Record<LimitedAction, string> = { comment: 'comments', review: 'reviews', report: 'reports' };

/** Counts one attempt; rate_limited (429 with retryAfterSeconds) when a window is full. */
export async function enforceRateLimit(options: { db: Database; userId: string; action: LimitedAction; now: Date }): Promise<void> {
  const { db, userId, action, now } = options;
  const limiter = createRateLimiter(db, { now: () => now });
  for (const rule of RATE_LIMITS[action]) {
    const result = await limiter.hit(`${action}:${rule.name}:${userId}`, rule);
    if (!result.ok) {
      throw new ServiceError('rate_limited', `You have posted too many ${WHAT[action]}; try again in ${result.retryAfterSeconds} s.`, {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
  }
}
