// Inline comments from readers without an account (docs/comments.md, "Guest comments"): only where
// the story's owner turned them on, with a name, limited per address per day like guest verdicts
// (an HMAC of the address under today's salt, never the address), and always held for the
// author's approval, so nothing a guest writes reaches another reader unread.
//
// Every guest comment is written by one shared account (GUEST_USER), which cannot sign in (no
// password hash verifies, and its username is not one a person can choose), so every path that
// reads, moderates or reports a comment keeps working; the name the guest gave is on the comment.
import type { Database } from '@margins/db';
import { createRateLimiter, type RateLimitRule } from '../../auth';
import { ServiceError } from '../../errors';
import { requireChapterVisible } from '../access';
import { createComment, type CommentType, type CreatedComment } from '../comment/create-comment';
import { GUEST_USER } from './guest-user';
import { readerHash } from './reader-salt';
import { setStorySwitch } from '../story/story-switches';

export { GUEST_USER };

export const GUEST_NAME_MAX = 40;

/** Lower than verdicts': each comment costs the author a look in the queue. */
export const GUEST_COMMENT_LIMITS: (RateLimitRule & { name: string })[] = [
  { name: 'minute', limit: 3, windowSeconds: 60 },
  { name: 'day', limit: 20, windowSeconds: 86_400 },
];

export const GUEST_COMMENTS_OFF = 'The author takes comments from signed-in readers only on this story.';

export async function createGuestComment(options: {
  db: Database;
  chapterId: string;
  passageKey: string;
  start?: number;
  end?: number;
  body: string;
  type: CommentType;
  name: string;
  clientAddress: string;
  now: Date;
}): Promise<CreatedComment> {
  const { db, chapterId, now } = options;
  const name = options.name.trim();
  if (name.length === 0 || name.length > GUEST_NAME_MAX)
    throw new ServiceError('invalid', `Give a name of 1–${GUEST_NAME_MAX} characters.`, {
      fieldErrors: { name: [`1–${GUEST_NAME_MAX} characters.`] },
    });
  const { story } = await requireChapterVisible({ db: db.prisma, chapterId, userId: null, now });
  const settings = await db.prisma.story.findUniqueOrThrow({
    where: { id: story.id },
    select: { guestComments: true },
  });
  if (!settings.guestComments) throw new ServiceError('forbidden', GUEST_COMMENTS_OFF);
  const limiter = createRateLimiter(db, { now: () => now });
  const address = await readerHash(db, now, options.clientAddress);
  for (const rule of GUEST_COMMENT_LIMITS) {
    const hit = await limiter.hit(`guest-comment:${rule.name}:${address}`, rule);
    if (!hit.ok) {
      throw new ServiceError(
        'rate_limited',
        `Too many comments from your network; try again in ${hit.retryAfterSeconds} s, or sign in.`,
        { retryAfterSeconds: hit.retryAfterSeconds },
      );
    }
  }
  await ensureGuestUser(db);
  return createComment({
    db,
    userId: GUEST_USER.id,
    chapterId,
    passageKey: options.passageKey,
    ...(options.start !== undefined && options.end !== undefined
      ? { start: options.start, end: options.end }
      : {}),
    // Guests read the published text only, and their words are for everyone once approved.
    revision: 'published',
    body: options.body,
    type: options.type,
    visibility: 'public',
    guestName: name,
    now,
  });
}

/** Made on the first guest comment; concurrent first comments settle on the primary key. */
async function ensureGuestUser(db: Database): Promise<void> {
  await db.prisma.$executeRaw`INSERT INTO "User" ("id", "username", "passwordHash", "displayName")
    VALUES (${GUEST_USER.id}, ${GUEST_USER.username}, '!', 'Guest') ON CONFLICT DO NOTHING`;
}

/** The owner's switch: readers without an account may comment (held for approval). */
export const setGuestComments = (options: {
  db: Database;
  userId: string;
  storyId: string;
  enabled: boolean;
}) => setStorySwitch({ ...options, name: 'guestComments' });
