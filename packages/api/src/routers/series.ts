// Series: an author's ordered works (services/series). Thin: each procedure is one service call.
import { z } from 'zod';
import { seriesCreate, seriesMove, seriesPart, seriesUpdate } from '../inputs/series';
import {
  addSeriesPart,
  createSeries,
  deleteSeries,
  moveSeriesPart,
  mySeries,
  removeSeriesPart,
  updateSeries,
} from '../services/series/manage-series';
import { getSeries, seriesOfStory } from '../services/series/read-series';
import { authedProcedure, publicProcedure, router } from '../trpc';
import { id } from './schemas';

const one = z.object({ seriesId: id });

export const seriesRouter = router({
  create: authedProcedure
    .input(seriesCreate)
    .mutation(({ ctx, input }) =>
      createSeries({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  update: authedProcedure
    .input(seriesUpdate)
    .mutation(({ ctx, input }) =>
      updateSeries({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  delete: authedProcedure
    .input(one)
    .mutation(({ ctx, input }) =>
      deleteSeries({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  addPart: authedProcedure
    .input(seriesPart)
    .mutation(({ ctx, input }) =>
      addSeriesPart({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  removePart: authedProcedure
    .input(seriesPart.omit({ position: true }))
    .mutation(({ ctx, input }) =>
      removeSeriesPart({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  movePart: authedProcedure
    .input(seriesMove)
    .mutation(({ ctx, input }) =>
      moveSeriesPart({ db: ctx.db, userId: ctx.user.id, now: ctx.now(), ...input }),
    ),
  mine: authedProcedure.query(({ ctx }) => mySeries({ db: ctx.db, userId: ctx.user.id })),
  /** The public series page: the parts the caller may read, in order. */
  byId: publicProcedure
    .input(one)
    .query(({ ctx, input }) =>
      getSeries({ db: ctx.db, userId: ctx.user?.id ?? null, seriesId: input.seriesId, now: ctx.now() }),
    ),
  /** "Part 2 of …" with the previous and next work, for a story's pages. */
  ofStory: publicProcedure
    .input(z.union([z.object({ storyId: id }), z.object({ slug: z.string().min(1).max(200) })]))
    .query(({ ctx, input }) => seriesOfStory({ db: ctx.db, userId: ctx.user?.id ?? null, ...input })),
});
