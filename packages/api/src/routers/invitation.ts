import { z } from 'zod';
import {
  cancelInvitation,
  countMyInvitations,
  inviteMember,
  listMyInvitations,
  listStoryInvitations,
  respondToInvitation,
} from '../services/invitation/invitations';
import { authedProcedure, router, storyProcedure } from '../trpc';
import { id } from './schemas';

export const invitationRouter = router({
  /** Invites a user by username; they become a member when they accept. */
  create: storyProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64), role: z.enum(['coauthor', 'beta']) }))
    .mutation(({ ctx, input }) => inviteMember({ db: ctx.db, userId: ctx.user.id, ...input })),

  forStory: storyProcedure.query(({ ctx, input }) =>
    listStoryInvitations({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),

  cancel: storyProcedure
    .input(z.object({ invitationId: id }))
    .mutation(({ ctx, input }) =>
      cancelInvitation({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /** Invitations waiting for my answer. */
  mine: authedProcedure.query(({ ctx }) => listMyInvitations({ db: ctx.db, userId: ctx.user.id })),
  /** How many of them: one indexed count, for the header on every page. */
  pendingCount: authedProcedure.query(({ ctx }) => countMyInvitations({ db: ctx.db, userId: ctx.user.id })),

  respond: authedProcedure
    .input(z.object({ invitationId: id, accept: z.boolean() }))
    .mutation(({ ctx, input }) =>
      respondToInvitation({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
});
