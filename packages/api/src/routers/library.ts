import { z } from 'zod';
import { bookmarkOf, deleteBookmark, myBookmarks, saveBookmark } from '../services/library/bookmarks';
import { markForLater, readingHistory, recordVisit } from '../services/library/history';
import { mySubscriptions } from '../services/follow/subscriptions';
import { authedProcedure, router } from '../trpc';
import { id } from './schemas';

export const libraryRouter = router({
  /** The reader opened a chapter or reached a passage in it (the page's beacon). */
  visit: authedProcedure
    .input(z.object({ chapterId: id, passageKey: z.string().max(64).optional() }))
    .mutation(({ ctx, input }) => recordVisit({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() })),
  history: authedProcedure
    .input(
      z
        .object({ later: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() })
        .default({}),
    )
    .query(({ ctx, input }) => readingHistory({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input })),
  later: authedProcedure
    .input(z.object({ storyId: id, later: z.boolean() }))
    .mutation(({ ctx, input }) => markForLater({ db: ctx.db, userId: ctx.user.id, ...input })),
  bookmark: authedProcedure
    .input(z.object({ storyId: id }))
    .query(({ ctx, input }) => bookmarkOf({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId })),
  saveBookmark: authedProcedure
    .input(
      z.object({
        storyId: id,
        public: z.boolean(),
        note: z.string().max(4000),
        tags: z.array(z.string().max(200)).max(50),
      }),
    )
    .mutation(({ ctx, input }) => saveBookmark({ db: ctx.db, userId: ctx.user.id, ...input })),
  deleteBookmark: authedProcedure
    .input(z.object({ storyId: id }))
    .mutation(({ ctx, input }) =>
      deleteBookmark({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
    ),
  bookmarks: authedProcedure.query(({ ctx }) => myBookmarks({ db: ctx.db, userId: ctx.user.id })),
  /** Everything of the reader's shelf as one JSON document (until the account export of issue 18 takes it in). */
  export: authedProcedure.query(async ({ ctx }) => {
    const [history, bookmarks, subscriptions] = await Promise.all([
      readingHistory({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), limit: 500 }),
      myBookmarks({ db: ctx.db, userId: ctx.user.id }),
      mySubscriptions({ db: ctx.db, userId: ctx.user.id }),
    ]);
    const later = await readingHistory({
      db: ctx.db,
      userId: ctx.user.id,
      now: ctx.now(),
      later: true,
      limit: 500,
    });
    return { history, markedForLater: later.map((l) => l.story), bookmarks, subscriptions };
  }),
});
