// /admin/jobs: job counts per task and state, the oldest due job and the latest failures (docs/jobs.md).
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const stats = await (await api(event)).admin.jobs().catch(loadError);
  return { stats };
};
