// /admin/audit: every site-admin action, newest first, 100 a page (`?before=` the last one shown).
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const raw = event.url.searchParams.get('before');
  const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
  const actions = await (await api(event)).admin.audit(before ? { before } : {}).catch(loadError);
  return { actions, paged: before !== undefined };
};
