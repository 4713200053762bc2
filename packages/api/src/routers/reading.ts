import { z } from 'zod';
import { readChapter } from '../services/reading/read-chapter';
import { recordGuestRead } from '../services/guest/guest-read';
import { recordReadThrough } from '../services/read-through/record';
import { recordRead } from '../services/reading/record-read';
import { chapterIdAt, tableOfContents } from '../services/reading/table-of-contents';
import { readWholeWork } from '../services/reading/whole-work';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { characterName, id } from './schemas';

export const readingRouter = router({
  /** A chapter for reading; `povOnly` keeps one character's segments; `draft` is for members. */
  chapter: publicProcedure
    .input(z.object({ chapterId: id, povOnly: characterName.optional(), draft: z.boolean().optional() }))
    .query(({ ctx, input }) =>
      readChapter({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  toc: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(80) }))
    .query(({ ctx, input }) =>
      tableOfContents({ db: ctx.db, userId: ctx.user?.id ?? null, slug: input.slug, now: ctx.now() }),
    ),

  /** The id of chapter `number` of a story, numbered as its table of contents numbers it for the caller. */
  chapterAt: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(80), number: z.number().int().min(1).max(100_000) }))
    .query(({ ctx, input }) =>
      chapterIdAt({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** Every live chapter's published text on one page; `povOnly` follows one character across all of them. */
  work: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(80), povOnly: characterName.optional() }))
    .query(({ ctx, input }) =>
      readWholeWork({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** Counts a Read: once per reader per chapter per 24 hours; members are never counted. */
  recordRead: authedProcedure
    .input(z.object({ chapterId: id }))
    .mutation(({ ctx, input }) =>
      recordRead({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  /**
   * Counts a logged-out Read: unique per chapter per UTC day by a salted hash of the caller's
   * address and user agent; bots are not counted. Signed-in callers are counted by recordRead.
   */
  recordGuestRead: publicProcedure.input(z.object({ chapterId: id })).mutation(({ ctx, input }) =>
    ctx.user
      ? ('member' as const)
      : recordGuestRead({
          db: ctx.db,
          chapterId: input.chapterId,
          clientAddress: ctx.clientAddress,
          userAgent: ctx.userAgent,
          now: ctx.now(),
        }),
  ),

  /**
   * Read-through: the furthest passage a reader has had on screen in a live chapter (the page's
   * beacon, /api/position). One count per reader per day, moved forward only; guests by the daily
   * salted hash of address + user agent, members by their id under the same salt; never members
   * of the story, never bots (services/read-through/record.ts).
   */
  readThrough: publicProcedure
    .input(z.object({ chapterId: id, passageKey: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      recordReadThrough({
        db: ctx.db,
        chapterId: input.chapterId,
        passageKey: input.passageKey,
        reader: ctx.user
          ? { userId: ctx.user.id }
          : { userId: null, clientAddress: ctx.clientAddress, userAgent: ctx.userAgent },
        now: ctx.now(),
      }),
    ),
});
