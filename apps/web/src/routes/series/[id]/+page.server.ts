import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

/** A series as this reader may see it: only the parts they may read, numbered among themselves. */
export const load: PageServerLoad = async (event) => {
  const caller = await api(event);
  const series = await caller.series.byId({ seriesId: event.params.id }).catch(loadError);
  return { series, loggedIn: !!event.locals.user };
};
