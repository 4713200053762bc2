import { z } from 'zod';
import {
  mailFrequency,
  mySubscriptions,
  setMailFrequency,
  subscribe,
  subscriberSeries,
  subscriptionStatus,
  unsubscribe,
} from '../services/follow/subscriptions';
import { authedProcedure, router } from '../trpc';
import { id } from './schemas';

const target = z.union([
  z.object({ storyId: id }),
  z.object({ authorUsername: z.string().min(1).max(100) }),
  z.object({ seriesId: id }),
]);

export const followRouter = router({
  subscribe: authedProcedure
    .input(target)
    .mutation(({ ctx, input }) =>
      subscribe({ db: ctx.db, userId: ctx.user.id, target: input, now: ctx.now() }),
    ),
  unsubscribe: authedProcedure
    .input(target)
    .mutation(({ ctx, input }) =>
      unsubscribe({ db: ctx.db, userId: ctx.user.id, target: input, now: ctx.now() }),
    ),
  status: authedProcedure
    .input(z.object({ storyId: id }))
    .query(({ ctx, input }) =>
      subscriptionStatus({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
    ),
  mine: authedProcedure.query(({ ctx }) => mySubscriptions({ db: ctx.db, userId: ctx.user.id })),
  mailFrequency: authedProcedure.query(({ ctx }) => mailFrequency({ db: ctx.db, userId: ctx.user.id })),
  setMailFrequency: authedProcedure
    .input(z.object({ mail: z.enum(['instant', 'daily', 'off']) }))
    .mutation(({ ctx, input }) => setMailFrequency({ db: ctx.db, userId: ctx.user.id, mail: input.mail })),
  /** Subscribers per day for the story's dashboard (its authors only). */
  series: authedProcedure
    .input(z.object({ storyId: id, days: z.number().int().min(1).max(366).default(30) }))
    .query(({ ctx, input }) =>
      subscriberSeries({
        db: ctx.db,
        userId: ctx.user.id,
        storyId: input.storyId,
        days: input.days,
        now: ctx.now(),
      }),
    ),
});
