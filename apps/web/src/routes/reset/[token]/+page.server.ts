import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { call, failed, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const link = await (
    await api(event)
  ).account.link({ token: event.params.token, purpose: 'reset_password' });
  return { link };
};

export const actions: Actions = {
  default: async (event) => {
    const newPassword = (await readForm()).text('newPassword');
    const reset = await call((api) => api.account.resetPassword({ token: event.params.token, newPassword }));
    if (failed(reset)) return reset;
    redirect(303, '/account?reset=1');
  },
};
