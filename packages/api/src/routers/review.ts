import { z } from 'zod';
import { listReviews, myReview, storyReviewSummary } from '../services/review/list-reviews';
import { replyToReview } from '../services/review/reply-to-review';
import { upsertReview } from '../services/review/upsert-review';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { id } from './schemas';

const rating = z.number().int().min(1).max(5);
const byChapter = z.object({ chapterId: id });

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
    .mutation(({ ctx, input }) => upsertReview({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() })),

  list: publicProcedure.input(byChapter).query(({ ctx, input }) => listReviews({ db: ctx.db, userId: ctx.user?.id ?? null, chapterId: input.chapterId, now: ctx.now() })),

  mine: authedProcedure.input(byChapter).query(({ ctx, input }) => myReview({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() })),

  /** Owner or co-author: one public answer per review (answering again edits it). */
  reply: authedProcedure
    .input(z.object({ reviewId: id, body: z.string().trim().min(1).max(5000) }))
    .mutation(({ ctx, input }) => replyToReview({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() })),

  storySummary: publicProcedure
    .input(z.union([z.object({ storyId: id }), z.object({ slug: z.string().min(1).max(80) })]))
    .query(({ ctx, input }) => storyReviewSummary({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() })),
});
