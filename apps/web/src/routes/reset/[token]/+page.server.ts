import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const link = await (await api(event)).account.link({ token: event.params.token, purpose: 'reset_password' });
  return { link };
};

export const actions: Actions = {
  default: async (event) => {
    const newPassword = String((await event.request.formData()).get('newPassword') ?? '');
    try {
      await (await api(event)).account.resetPassword({ token: event.params.token, newPassword });
    } catch (err) {
      return actionFailure(err);
    }
    redirect(303, '/account?reset=1');
  },
};
