// /admin: accounts — find one, suspend it or restore it. Every call is a site-admin procedure:
// to anyone else this page is a 404 (loadError), signed in or not, like a page that does not exist.
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const query = event.url.searchParams.get('q')?.trim() ?? '';
  const accounts = await (await api(event)).admin.users({ query }).catch(loadError);
  return { query, accounts };
};

export const actions: Actions = {
  suspend: async () => {
    const f = await readForm();
    return act((api) => api.admin.suspend({ userId: f.text('userId'), reason: f.text('reason') }), {
      form: f.text('userId'),
      message: `${f.text('username')} is suspended: signed out everywhere, and their stories, comments and reviews are hidden.`,
    });
  },
  restore: async () => {
    const f = await readForm();
    return act((api) => api.admin.restore({ userId: f.text('userId'), reason: f.text('reason') }), {
      form: f.text('userId'),
      message: `${f.text('username')} is restored: they can sign in, and their content is back.`,
    });
  },
};
