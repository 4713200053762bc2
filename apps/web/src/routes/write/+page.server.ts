import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireUser } from './authoring.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const stories = await (await api(event)).story.mine().catch(loadError);
  return { stories, deleted: event.url.searchParams.has('deleted') };
};
