import { z } from 'zod';
import { feedbackTodo, setResolution } from '../services/feedback/feedback-todo';
import { authedProcedure, router } from '../trpc';
import { id } from './schemas';

/** Feedback as a to-do list (docs/collaboration.md): editors triage critiques and beta feedback. */
export const feedbackRouter = router({
  todo: authedProcedure
    .input(z.object({ chapterId: id }))
    .query(({ ctx, input }) =>
      feedbackTodo({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),
  setResolution: authedProcedure
    .input(z.object({ commentId: id, resolution: z.enum(['open', 'accepted', 'resolved', 'dismissed']) }))
    .mutation(({ ctx, input }) =>
      setResolution({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),
});
