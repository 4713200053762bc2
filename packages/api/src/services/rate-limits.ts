// Per-user limits on writes and on work, kept in the database (RateLimit) so every app instance
// counts the same. Numbers and reasons: docs/security.md ("Limits on work").
import type { Database } from '@margins/db';
import { createRateLimiter, type RateLimitRule } from '../auth';
import { ServiceError } from '../errors';

export type LimitedAction =
  'comment' | 'review' | 'report' | 'story' | 'chapter' | 'revision' | 'preview' | 'export';

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
  // New stories (story.create, story.import): a writer starts a few a year, a script a thousand a second.
  story: [
    { name: 'hour', limit: 10, windowSeconds: 3600 },
    { name: 'day', limit: 30, windowSeconds: 86_400 },
  ],
  // New chapters (chapter.create): enough to post a backlog by hand; a whole book goes in with story.import.
  chapter: [
    { name: 'hour', limit: 60, windowSeconds: 3600 },
    { name: 'day', limit: 300, windowSeconds: 86_400 },
  ],
  // Saved edits (chapter.edit): each parses a whole upload; `margins push` of a long story stays well inside.
  revision: [{ name: 'hour', limit: 300, windowSeconds: 3600 }],
  // Parses that write nothing (chapter.preview, chapter.merge): a button press each, never a keystroke.
  preview: [
    { name: 'minute', limit: 30, windowSeconds: 60 },
    { name: 'hour', limit: 600, windowSeconds: 3600 },
  ],
  // Account archives (account.export): each reads every story and row of the person.
  export: [
    { name: 'hour', limit: 5, windowSeconds: 3600 },
    { name: 'day', limit: 20, windowSeconds: 86_400 },
  ],
};

const TOO_MANY: Record<LimitedAction, string> = {
  comment: 'posted too many comments',
  review: 'posted too many reviews',
  report: 'sent too many reports',
  story: 'created too many stories',
  chapter: 'created too many chapters',
  revision: 'saved too many revisions',
  preview: 'asked for too many previews',
  export: 'downloaded too many archives',
};

/** Counts one attempt; rate_limited (429 with retryAfterSeconds) when a window is full. */
export async function enforceRateLimit(options: {
  db: Database;
  userId: string;
  action: LimitedAction;
  now: Date;
}): Promise<void> {
  const { db, userId, action, now } = options;
  const limiter = createRateLimiter(db, { now: () => now });
  for (const rule of RATE_LIMITS[action]) {
    const result = await limiter.hit(`${action}:${rule.name}:${userId}`, rule);
    if (!result.ok) {
      throw new ServiceError(
        'rate_limited',
        `You have ${TOO_MANY[action]}; try again in ${result.retryAfterSeconds} s.`,
        {
          retryAfterSeconds: result.retryAfterSeconds,
        },
      );
    }
  }
}
