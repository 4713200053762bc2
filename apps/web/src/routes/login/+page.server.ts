import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import { safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { next: url.searchParams.get('next') ?? '' };
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
    redirect(303, safeNext(String(form.get('next') ?? '')));
  },
};
