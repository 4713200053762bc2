import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const caller = await api(event);
  try {
    const { stories, nextOffset } = await caller.story.browse({ limit: 6 });
    return { stories, more: nextOffset !== null };
  } catch (e) {
    loadError(e);
  }
};
