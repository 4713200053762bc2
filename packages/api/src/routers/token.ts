import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/token/api-tokens';
import { router, sessionProcedure } from '../trpc';
import { id } from './schemas';

/** Tokens are managed with a session only: a leaked token must not be able to mint more. */
export const tokenRouter = router({
  /** The plain token is in this answer only; the server keeps a hash. */
  create: sessionProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, 'Give the token a name.').max(100),
        scope: z.enum(['read', 'write']),
      }),
    )
    .mutation(({ ctx, input }) => createApiToken({ db: ctx.db, userId: ctx.user.id, ...input })),

  list: sessionProcedure.query(({ ctx }) => listApiTokens({ db: ctx.db, userId: ctx.user.id })),

  revoke: sessionProcedure
    .input(z.object({ tokenId: id }))
    .mutation(({ ctx, input }) =>
      revokeApiToken({ db: ctx.db, userId: ctx.user.id, tokenId: input.tokenId, now: ctx.now() }),
    ),
});
