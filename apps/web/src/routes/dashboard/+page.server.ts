import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireUser } from './dashboard.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const stories = await (await api(event)).dashboard.stories().catch(loadError);
  return { stories };
};
