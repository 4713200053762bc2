import { z } from 'zod';
import { listReviews, myReview, storyReviewSummary } from '../services/review/list-reviews';
import { replyToReview } from '../services/review/reply-to-review';
import { giveGuestVerdict, guestVerdictOf } from '../services/guest/guest-verdict';
import { setVerdict } from '../services/review/set-verdict';
import { upsertReview } from '../services/review/upsert-review';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { id } from './schemas';

const rating = z.number().int().min(1).max(5);
const byChapter = z.object({ chapterId: id });
const verdict = z.enum(['yay', 'nay']);
/** The browser's random `margins_guest` cookie (apps/web sets it); never stored, only hashed. */
const browserSecret = z.string().min(16).max(128);

export const reviewRouter = router({
  /** One review per reader per chapter: creates or replaces it. */
  upsert: authedProcedure
    .input(
      z.object({
        chapterId: id,
        verdict: z.enum(['yay', 'nay']),
        pacing: rating.optional(),
        characters: rating.optional(),
        povClarity: rating.optional(),
        prose: rating.optional(),
        body: z.string().trim().max(10_000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      upsertReview({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /** One tap: a signed-in reader's verdict (their ratings and text, if any, are kept). */
  verdict: authedProcedure
    .input(z.object({ chapterId: id, verdict }))
    .mutation(({ ctx, input }) => setVerdict({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() })),

  /** One tap without an account: one verdict per chapter per browser, limited per address. */
  guestVerdict: publicProcedure
    .input(z.object({ chapterId: id, verdict, browserSecret }))
    .mutation(({ ctx, input }) =>
      giveGuestVerdict({ db: ctx.db, ...input, clientAddress: ctx.clientAddress, now: ctx.now() }),
    ),

  guestVerdictOf: publicProcedure
    .input(z.object({ chapterId: id, browserSecret }))
    .query(({ ctx, input }) => guestVerdictOf({ db: ctx.db, ...input })),

  list: publicProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      listReviews({ db: ctx.db, userId: ctx.user?.id ?? null, chapterId: input.chapterId, now: ctx.now() }),
    ),

  mine: authedProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      myReview({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  /** Owner or co-author: one public answer per review (answering again edits it). */
  reply: authedProcedure
    .input(z.object({ reviewId: id, body: z.string().trim().min(1).max(5000) }))
    .mutation(({ ctx, input }) =>
      replyToReview({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  storySummary: publicProcedure
    .input(z.union([z.object({ storyId: id }), z.object({ slug: z.string().min(1).max(80) })]))
    .query(({ ctx, input }) =>
      storyReviewSummary({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),
});
