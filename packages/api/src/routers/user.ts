import { z } from 'zod';
import { profileInput, profileUsername } from '../inputs/profile';
import { getProfile } from '../services/user/get-profile';
import { listMutes, muteUser, unmuteUser } from '../services/user/mutes';
import { myProfile, updateProfile } from '../services/user/update-profile';
import { authedProcedure, publicProcedure, router } from '../trpc';

export const userRouter = router({
  /** The session user, or null when logged out. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  profile: publicProcedure
    .input(z.object({ username: profileUsername }))
    .query(({ ctx, input }) =>
      getProfile({ db: ctx.db, username: input.username, viewerId: ctx.user?.id ?? null, now: ctx.now() }),
    ),

  /** The caller's own display name, bio and links (the /account form). */
  myProfile: authedProcedure.query(({ ctx }) => myProfile({ db: ctx.db, userId: ctx.user.id })),

  updateProfile: authedProcedure
    .input(profileInput)
    .mutation(({ ctx, input }) => updateProfile({ db: ctx.db, userId: ctx.user.id, profile: input })),

  /** Hide someone's comments from the caller's own view (docs/profiles.md). */
  mute: authedProcedure
    .input(z.object({ username: profileUsername }))
    .mutation(({ ctx, input }) => muteUser({ db: ctx.db, userId: ctx.user.id, username: input.username })),

  unmute: authedProcedure
    .input(z.object({ username: profileUsername }))
    .mutation(({ ctx, input }) => unmuteUser({ db: ctx.db, userId: ctx.user.id, username: input.username })),

  mutes: authedProcedure.query(({ ctx }) => listMutes({ db: ctx.db, userId: ctx.user.id })),
});
