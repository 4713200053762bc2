import { z } from 'zod';
import { getProfile } from '../services/user/get-profile';
import { publicProcedure, router } from '../trpc';

export const userRouter = router({
  /** The session user, or null when logged out. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  profile: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64) }))
    .query(({ ctx, input }) => getProfile({ db: ctx.db, username: input.username, now: ctx.now() })),
});
