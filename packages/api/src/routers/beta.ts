import { z } from 'zod';
import { commentInRound, giveRoundVerdict, readRound, roundFeedback } from '../services/beta/round-feedback';
import {
  acceptRoundLink,
  closeRound,
  createRoundLink,
  getRound,
  inviteToRound,
  listMyRounds,
  listStoryRounds,
  openRound,
  revokeRoundInvite,
  roundLinkInfo,
} from '../services/beta/rounds';
import { authedProcedure, router } from '../trpc';
import { commentBody } from './comment';
import { id } from './schemas';

const byRound = z.object({ roundId: id });
const offset = z.number().int().min(0).max(1_000_000);
const linkToken = z.string().min(16).max(128);

/** Beta rounds (docs/collaboration.md). Everything here is invisible outside the round. */
export const betaRouter = router({
  /** Editors: opens a round on the chapter's current draft revision. */
  open: authedProcedure
    .input(z.object({ chapterId: id }))
    .mutation(({ ctx, input }) =>
      openRound({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),
  /** Editors: the story's rounds. */
  rounds: authedProcedure
    .input(z.object({ storyId: id }))
    .query(({ ctx, input }) => listStoryRounds({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId })),
  /** Rounds I am invited to as a reader. */
  mine: authedProcedure.query(({ ctx }) => listMyRounds({ db: ctx.db, userId: ctx.user.id })),
  /** Editors: one round with its invites. */
  get: authedProcedure
    .input(byRound)
    .query(({ ctx, input }) =>
      getRound({ db: ctx.db, userId: ctx.user.id, roundId: input.roundId, now: ctx.now() }),
    ),
  invite: authedProcedure
    .input(z.object({ roundId: id, username: z.string().trim().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      inviteToRound({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
  /** Editors: a private link; the token is in this answer only. */
  createLink: authedProcedure
    .input(z.object({ roundId: id, expiresInDays: z.number().int().min(1).max(365).optional() }))
    .mutation(({ ctx, input }) =>
      createRoundLink({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
  revokeInvite: authedProcedure
    .input(z.object({ inviteId: id }))
    .mutation(({ ctx, input }) =>
      revokeRoundInvite({ db: ctx.db, userId: ctx.user.id, inviteId: input.inviteId, now: ctx.now() }),
    ),
  /** What a private link leads to, without using it up (the page's GET); NOT_FOUND exactly when accept would be. */
  link: authedProcedure
    .input(z.object({ token: linkToken }))
    .query(({ ctx, input }) =>
      roundLinkInfo({ db: ctx.db, userId: ctx.user.id, token: input.token, now: ctx.now() }),
    ),
  /** Binds a private link to the caller (the page's POST); unknown, revoked or expired → NOT_FOUND. */
  accept: authedProcedure
    .input(z.object({ token: linkToken }))
    .mutation(({ ctx, input }) =>
      acceptRoundLink({ db: ctx.db, userId: ctx.user.id, token: input.token, now: ctx.now() }),
    ),
  close: authedProcedure
    .input(byRound)
    .mutation(({ ctx, input }) =>
      closeRound({ db: ctx.db, userId: ctx.user.id, roundId: input.roundId, now: ctx.now() }),
    ),
  /** The round's revision with the feedback the caller may see (editors: all; readers: their own). */
  read: authedProcedure
    .input(byRound)
    .query(({ ctx, input }) => readRound({ db: ctx.db, userId: ctx.user.id, roundId: input.roundId })),
  feedback: authedProcedure
    .input(byRound)
    .query(({ ctx, input }) => roundFeedback({ db: ctx.db, userId: ctx.user.id, roundId: input.roundId })),
  /** Invited readers, while the round is open. */
  comment: authedProcedure
    .input(
      z.object({
        roundId: id,
        passageKey: z.string().min(1).max(100),
        start: offset.optional(),
        end: offset.optional(),
        body: commentBody,
        type: z.enum(['reaction', 'critique', 'typo']).default('critique'),
      }),
    )
    .mutation(({ ctx, input }) =>
      commentInRound({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
  verdict: authedProcedure
    .input(
      z.object({
        roundId: id,
        verdict: z.enum(['yay', 'nay']),
        body: z.string().trim().max(5000).default(''),
      }),
    )
    .mutation(({ ctx, input }) =>
      giveRoundVerdict({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
});
