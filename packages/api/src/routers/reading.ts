import { z } from 'zod';
import { readChapter } from '../services/reading/read-chapter';
import { tableOfContents } from '../services/reading/table-of-contents';
import { publicProcedure, router } from '../trpc';
import { characterName, id } from './schemas';

export const readingRouter = router({
  /** A chapter for reading; `povOnly` keeps one character's segments; `draft` is for members. */
  chapter: publicProcedure
    .input(z.object({ chapterId: id, povOnly: characterName.optional(), draft: z.boolean().optional() }))
    .query(({ ctx, input }) => readChapter({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() })),

  toc: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(80) }))
    .query(({ ctx, input }) => tableOfContents({ db: ctx.db, userId: ctx.user?.id ?? null, slug: input.slug, now: ctx.now() })),
});
