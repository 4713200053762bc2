// The author's review dashboard. Every procedure is for the story's editors (owner and
// co-authors); the services answer not_found to anyone else, beta readers included.
import { z } from 'zod';
import { storyAudience } from '../services/dashboard/audience';
import { chapterDetail } from '../services/dashboard/chapter-detail';
import { CSV_TABLES, dashboardCsv } from '../services/dashboard/csv';
import { feedbackInbox, markAllSeen, markFeedback } from '../services/dashboard/feedback-inbox';
import { listDashboardStories } from '../services/dashboard/list-stories';
import { readThroughOf } from '../services/read-through/report';
import { storyOverview } from '../services/dashboard/story-overview';
import { timeSeries } from '../services/dashboard/time-series';
import { authedProcedure, router } from '../trpc';
import { id } from './schemas';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-27.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Not a date.');
const granularity = z.enum(['day', 'week']);
const filters = z.object({
  storyId: id.optional(),
  chapterId: id.optional(),
  povId: id.optional(),
  kind: z.enum(['comment', 'review']).optional(),
  type: z.enum(['reaction', 'critique', 'typo']).optional(),
  verdict: z.enum(['yay', 'nay']).optional(),
  seen: z.enum(['read', 'unread']).optional(),
});
const feedbackRef = z.object({ kind: z.enum(['comment', 'review']), id });

export const dashboardRouter = router({
  /** The stories the caller edits, with key figures and unread feedback. */
  stories: authedProcedure.query(({ ctx }) => listDashboardStories({ db: ctx.db, userId: ctx.user.id })),

  /** A story's figures: totals, per chapter (with retention), per POV, most discussed passages. */
  story: authedProcedure
    .input(z.object({ storyId: id }))
    .query(({ ctx, input }) => storyOverview({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId })),

  /** Members and guests counted apart: verdicts per chapter (services/dashboard/audience.ts). */
  audience: authedProcedure
    .input(z.object({ storyId: id }))
    .query(({ ctx, input }) => storyAudience({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId })),

  /** A chapter's figures, per-POV comments and the passage heatmap. */
  chapter: authedProcedure
    .input(z.object({ chapterId: id }))
    .query(({ ctx, input }) =>
      chapterDetail({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId }),
    ),

  /** How far the chapter's readers get: the share reaching each passage, and per POV (docs/dashboard.md). */
  readThrough: authedProcedure
    .input(z.object({ chapterId: id }))
    .query(({ ctx, input }) =>
      readThroughOf({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId }),
    ),

  /** Reads, reviews and comments per day or week over a date range (UTC days, inclusive). */
  series: authedProcedure
    .input(
      z.object({
        storyId: id,
        chapterId: id.optional(),
        from: day,
        to: day,
        granularity: granularity.default('day'),
      }),
    )
    .query(({ ctx, input }) => timeSeries({ db: ctx.db, userId: ctx.user.id, ...input })),

  /** Reviews and comments on the caller's stories, newest first, filtered; cursor-paged. */
  inbox: authedProcedure
    .input(
      z.object({
        filters: filters.default({}),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => feedbackInbox({ db: ctx.db, userId: ctx.user.id, ...input })),

  /** Marks feedback read (seen: true) or unread again, for the caller only. */
  markFeedback: authedProcedure
    .input(z.object({ items: z.array(feedbackRef).min(1).max(200), seen: z.boolean() }))
    .mutation(({ ctx, input }) =>
      markFeedback({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /** Marks everything matching the filters as read. */
  markAllSeen: authedProcedure
    .input(z.object({ filters: filters.default({}) }))
    .mutation(({ ctx, input }) =>
      markAllSeen({ db: ctx.db, userId: ctx.user.id, filters: input.filters, now: ctx.now() }),
    ),

  /** One dashboard table as CSV: `{ filename, csv }` (the web app serves it as a download). */
  csv: authedProcedure
    .input(
      z.object({
        storyId: id,
        table: z.enum(CSV_TABLES),
        chapterId: id.optional(),
        from: day.optional(),
        to: day.optional(),
        granularity: granularity.optional(),
        filters: filters.omit({ storyId: true }).optional(),
      }),
    )
    .query(({ ctx, input }) => dashboardCsv({ db: ctx.db, userId: ctx.user.id, ...input })),
});
