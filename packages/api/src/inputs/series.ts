// What the series procedures accept; the /write/series forms parse with the same schemas.
import { z } from 'zod';
import { id, title } from './common';

export const seriesSummary = z.string().trim().max(4000, 'At most 4000 characters.');
/** 1 is the first part; past the end means "at the end". */
export const seriesPosition = z.number().int().min(1, 'Parts start at 1.').max(10_000);

/** A new series, and optionally the first work put in it ("add this work to a new series"). */
export const seriesCreate = z.object({
  title,
  summary: seriesSummary.optional(),
  storyId: id.optional(),
});
export const seriesUpdate = z.object({
  seriesId: id,
  title: title.optional(),
  summary: seriesSummary.optional(),
});
export const seriesPart = z.object({ seriesId: id, storyId: id, position: seriesPosition.optional() });
export const seriesMove = z.object({ seriesId: id, storyId: id, position: seriesPosition });
