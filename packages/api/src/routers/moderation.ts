import { z } from 'zod';
import { blockUser, listBlockedUsers, unblockUser } from '../services/moderation/blocks';
import {
  freezeThread,
  reviewPendingComment,
  setCommentStatus,
} from '../services/moderation/moderate-comment';
import { setReviewStatus } from '../services/moderation/moderate-review';
import {
  listPendingComments,
  moderationSettings,
  setApproveFirstComments,
} from '../services/moderation/pending-comments';
import { setGuestVerdicts } from '../services/guest/guest-verdict';
import { setGuestComments } from '../services/guest/guest-comment';
import { listReports, reportContent, resolveReport } from '../services/moderation/reports';
import { authedProcedure, router, storyProcedure } from '../trpc';
import { id } from './schemas';

const status = z.enum(['visible', 'hidden', 'deleted']);

// Comment- and review-keyed procedures are authed only here: the services resolve the story and
// answer not_found (cannot see it) or forbidden (not an editor) like the story-keyed guard.
export const moderationRouter = router({
  /** Editors: hide (visible → hidden), unhide (→ visible) or delete any comment on the story. */
  setCommentStatus: authedProcedure
    .input(z.object({ commentId: id, status }))
    .mutation(({ ctx, input }) =>
      setCommentStatus({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  setReviewStatus: authedProcedure
    .input(z.object({ reviewId: id, status }))
    .mutation(({ ctx, input }) =>
      setReviewStatus({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /** Editors: no more replies in the thread (any comment of it may be given). */
  freeze: authedProcedure
    .input(z.object({ commentId: id, frozen: z.boolean() }))
    .mutation(({ ctx, input }) =>
      freezeThread({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  pending: storyProcedure.query(({ ctx, input }) =>
    listPendingComments({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),

  approve: authedProcedure.input(z.object({ commentId: id })).mutation(({ ctx, input }) =>
    reviewPendingComment({
      db: ctx.db,
      userId: ctx.user.id,
      commentId: input.commentId,
      approve: true,
      now: ctx.now(),
    }),
  ),

  reject: authedProcedure.input(z.object({ commentId: id })).mutation(({ ctx, input }) =>
    reviewPendingComment({
      db: ctx.db,
      userId: ctx.user.id,
      commentId: input.commentId,
      approve: false,
      now: ctx.now(),
    }),
  ),

  settings: storyProcedure.query(({ ctx, input }) =>
    moderationSettings({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),

  setApproveFirstComments: storyProcedure
    .input(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setApproveFirstComments({
        db: ctx.db,
        userId: ctx.user.id,
        storyId: input.storyId,
        enabled: input.enabled,
      }),
    ),

  /** Owner: let readers without an account give verdicts on this story (on by default). */
  setGuestVerdicts: storyProcedure
    .input(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setGuestVerdicts({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, enabled: input.enabled }),
    ),

  /** Owner: let readers without an account comment, every comment held for approval (off by default). */
  setGuestComments: storyProcedure
    .input(z.object({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setGuestComments({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, enabled: input.enabled }),
    ),

  /** Owner: the user may no longer comment on or review any of the caller's stories. */
  block: storyProcedure
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) =>
      blockUser({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, blockedId: input.userId }),
    ),

  unblock: storyProcedure
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) =>
      unblockUser({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, blockedId: input.userId }),
    ),

  blocked: storyProcedure.query(({ ctx, input }) =>
    listBlockedUsers({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),

  /** Anyone logged in who can see the comment, review or story; any user (to the site's admins). */
  report: authedProcedure
    .input(
      z.object({
        targetType: z.enum(['comment', 'review', 'story', 'user']),
        targetId: id,
        reason: z.string().trim().min(1, 'Say what is wrong.').max(1000),
      }),
    )
    .mutation(({ ctx, input }) =>
      reportContent({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  reports: storyProcedure
    .input(z.object({ includeResolved: z.boolean().optional() }))
    .query(({ ctx, input }) =>
      listReports({
        db: ctx.db,
        userId: ctx.user.id,
        storyId: input.storyId,
        includeResolved: input.includeResolved ?? false,
      }),
    ),

  resolveReport: storyProcedure.input(z.object({ reportId: id })).mutation(({ ctx, input }) =>
    resolveReport({
      db: ctx.db,
      userId: ctx.user.id,
      storyId: input.storyId,
      reportId: input.reportId,
      now: ctx.now(),
    }),
  ),
});
