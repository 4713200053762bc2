import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireLogin } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const stories = await (await api(event)).dashboard.stories().catch(loadError);
  return { stories };
};
