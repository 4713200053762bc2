import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const caller = await api(event);
  try {
    const [{ stories, nextOffset }, history] = await Promise.all([
      caller.story.browse({ limit: 6 }),
      event.locals.user ? caller.library.history({ limit: 3 }) : [],
    ]);
    return { stories, more: nextOffset !== null, continueReading: history.filter((h) => h.stoppedAt) };
  } catch (e) {
    loadError(e);
  }
};
