import { redirect } from '@sveltejs/kit';
import { call, failed, readForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), url.origin);
  if (locals.user) redirect(303, next);
  // The form carries the checked target, not the raw parameter (the action checks it again).
  return { next };
};

export const actions: Actions = {
  default: async (event) => {
    const f = await readForm();
    const login = f.text('login');
    const loggedIn = await call((api) => api.auth.logIn({ login, password: f.text('password') }), {
      values: { login },
    });
    if (failed(loggedIn)) return loggedIn;
    redirect(303, safeNext(f.text('next'), event.url.origin));
  },
};
