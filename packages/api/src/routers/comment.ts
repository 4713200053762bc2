import { z } from 'zod';
import { countComments } from '../services/comment/count-comments';
import { createComment } from '../services/comment/create-comment';
import { deleteComment, updateComment } from '../services/comment/edit-comment';
import { commentSummary } from '../services/comment/chapter-summary';
import { getThread, listComments, listPassageThreads } from '../services/comment/list-comments';
import { listOutdatedComments } from '../services/comment/outdated-comments';
import { createGuestComment, GUEST_NAME_MAX } from '../services/guest/guest-comment';
import { liveChannel } from '../services/live/live-channel';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { id } from './schemas';

export const commentBody = z.string().trim().min(1, 'Write something first.').max(5000);
const commentType = z.enum(['reaction', 'critique', 'typo']);
const offset = z.number().int().min(0).max(1_000_000);
const revision = z.enum(['published', 'current']);
const byChapter = z.object({ chapterId: id, revision: revision.optional() });

export const commentRouter = router({
  /** Anchored server-side on the revision being read; replies take their thread's anchor. */
  create: authedProcedure
    .input(
      z.object({
        chapterId: id,
        passageKey: z.string().min(1).max(100).optional(),
        start: offset.optional(),
        end: offset.optional(),
        revision: revision.optional(),
        body: commentBody,
        type: commentType.default('reaction'),
        visibility: z.enum(['public', 'private']).default('public'),
        parentId: id.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createComment({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /**
   * Without an account, where the story's owner allows it: on the published text, with a name,
   * limited per address, and held for the author's approval (services/guest/guest-comment.ts).
   */
  guestCreate: publicProcedure
    .input(
      z.object({
        chapterId: id,
        passageKey: z.string().min(1).max(100),
        start: offset.optional(),
        end: offset.optional(),
        body: commentBody,
        type: commentType.default('reaction'),
        name: z.string().trim().min(1, 'Give a name.').max(GUEST_NAME_MAX),
      }),
    )
    .mutation(({ ctx, input }) =>
      createGuestComment({ db: ctx.db, ...input, clientAddress: ctx.clientAddress, now: ctx.now() }),
    ),

  /** Threads placed on the revision the caller reads (readers: published; members: draft or chosen). */
  list: publicProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      listComments({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /**
   * What the chapter page needs before a panel opens: counts, the commented words, the outdated
   * threads and (`open`) one passage's first page. Sized by passages, not comments.
   */
  summary: publicProcedure
    .input(byChapter.extend({ open: z.string().min(1).max(100).nullish() }))
    .query(({ ctx, input }) =>
      commentSummary({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** One passage's threads (`passageKey: null`: the outdated ones), a page at a time. */
  passage: publicProcedure
    .input(
      byChapter.extend({
        passageKey: z.string().min(1).max(100).nullable(),
        cursor: z.number().int().min(0).max(1_000_000).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listPassageThreads({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** One thread (null when the caller may not see it): a live event's listener fetches only this. */
  thread: publicProcedure
    .input(byChapter.extend({ threadId: id }))
    .query(({ ctx, input }) =>
      getThread({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  /** Public visible comments per passage key on a revision. */
  counts: publicProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      countComments({ db: ctx.db, userId: ctx.user?.id ?? null, ...input, now: ctx.now() }),
    ),

  update: authedProcedure
    .input(z.object({ commentId: id, body: commentBody.optional(), type: commentType.optional() }))
    .mutation(({ ctx, input }) =>
      updateComment({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  delete: authedProcedure
    .input(z.object({ commentId: id }))
    .mutation(({ ctx, input }) =>
      deleteComment({ db: ctx.db, userId: ctx.user.id, commentId: input.commentId, now: ctx.now() }),
    ),

  /** Editors: comments whose words could not be re-found on the current revision. */
  outdated: authedProcedure
    .input(z.object({ chapterId: id }))
    .query(({ ctx, input }) =>
      listOutdatedComments({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  /** The live-update channel of a chapter the caller can read (used by the SSE endpoint). */
  liveChannel: publicProcedure
    .input(z.object({ chapterId: id }))
    .query(({ ctx, input }) =>
      liveChannel({ db: ctx.db, userId: ctx.user?.id ?? null, chapterId: input.chapterId, now: ctx.now() }),
    ),
});
