import { z } from 'zod';
import { storyFeed } from '../services/export/atom';
import { exportChapterMarkdown, exportStoryEpub, exportStoryMarkdown } from '../services/export/export-story';
import { publicProcedure, router } from '../trpc';
import { characterName } from './schemas';

const slug = z.string().min(1).max(80);

// Public procedures: the services export what the caller can see (drafts for members, live
// chapters of public stories for everyone else) and answer NOT_FOUND for the rest.
export const exportRouter = router({
  /** The story as one Markdown file in the canonical markup (imports back with story.import). */
  markdown: publicProcedure
    .input(z.object({ slug }))
    .query(({ ctx, input }) =>
      exportStoryMarkdown({ db: ctx.db, userId: ctx.user?.id ?? null, slug: input.slug, now: ctx.now() }),
    ),

  /** One chapter's canonical markup, by its number in the story. */
  chapter: publicProcedure
    .input(z.object({ slug, number: z.number().int().min(1).max(100_000) }))
    .query(({ ctx, input }) =>
      exportChapterMarkdown({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** EPUB 3, base64-encoded; `pov` makes the "<Name>'s story only" edition (published text only). */
  epub: publicProcedure
    .input(z.object({ slug, url: z.string().url().max(500).optional(), pov: characterName.optional() }))
    .query(({ ctx, input }) =>
      exportStoryEpub({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** The published chapters of a public story, for its Atom feed. */
  feed: publicProcedure
    .input(z.object({ slug }))
    .query(({ ctx, input }) => storyFeed({ db: ctx.db, slug: input.slug, now: ctx.now() })),
});
