import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/account');
  const sessions = await (await api(event)).auth.sessions();
  return { sessions, currentSessionId: event.locals.sessionId };
};

export const actions: Actions = {
  revoke: async (event) => {
    const sessionId = String((await event.request.formData()).get('sessionId') ?? '');
    try {
      await (await api(event)).auth.revokeSession({ sessionId });
    } catch (err) {
      return actionFailure(err);
    }
    return { message: 'Session revoked.' };
  },
  everywhere: async (event) => {
    try {
      await (await api(event)).auth.logOutEverywhere();
    } catch (err) {
      return actionFailure(err);
    }
    redirect(303, '/login');
  },
  password: async (event) => {
    const form = await event.request.formData();
    try {
      await (await api(event)).auth.changePassword({
        currentPassword: String(form.get('currentPassword') ?? ''),
        newPassword: String(form.get('newPassword') ?? ''),
      });
    } catch (err) {
      return actionFailure(err);
    }
    return { message: 'Password changed. Every other session was logged out and your API tokens were revoked.' };
  },
};
