import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
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
    const form = await event.request.formData();
    const login = String(form.get('login') ?? '');
    const password = String(form.get('password') ?? '');
    try {
      await (await api(event)).auth.logIn({ login, password });
    } catch (err) {
      return actionFailure(err, { login });
    }
    redirect(303, safeNext(String(form.get('next') ?? ''), event.url.origin));
  },
};
