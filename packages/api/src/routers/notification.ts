import { z } from 'zod';
import {
  listNotifications,
  markNotificationsRead,
  notificationSettings,
  unreadNotificationCount,
  updateNotificationSettings,
} from '../services/notification/notifications';
import { authedProcedure, router } from '../trpc';
import { id } from './schemas';

export const notificationRouter = router({
  list: authedProcedure
    .input(
      z
        .object({
          unreadOnly: z.boolean().optional(),
          cursor: id.optional(),
          limit: z.number().int().min(1).max(100).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listNotifications({ db: ctx.db, userId: ctx.user.id, ...input })),

  unreadCount: authedProcedure.query(({ ctx }) =>
    unreadNotificationCount({ db: ctx.db, userId: ctx.user.id }),
  ),

  /** The given ids (only the caller's), or every unread one when `ids` is omitted. */
  markRead: authedProcedure
    .input(z.object({ ids: z.array(id).max(500).optional() }).default({}))
    .mutation(({ ctx, input }) =>
      markNotificationsRead({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  settings: authedProcedure.query(({ ctx }) => notificationSettings({ db: ctx.db, userId: ctx.user.id })),

  updateSettings: authedProcedure
    .input(
      z.object({
        review: z.boolean().optional(),
        comment: z.boolean().optional(),
        reply: z.boolean().optional(),
        chapter: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      updateNotificationSettings({ db: ctx.db, userId: ctx.user.id, settings: input }),
    ),
});
