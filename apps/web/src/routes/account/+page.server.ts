import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/account');
  const caller = await api(event);
  const [sessions, subscriptions, mail] = await Promise.all([caller.auth.sessions(), caller.follow.mine(), caller.follow.mailFrequency()]);
  return { sessions, currentSessionId: event.locals.sessionId, subscriptions, mail };
};

export const actions: Actions = {
  mailFrequency: async (event) => {
    const mail = String((await event.request.formData()).get('mail') ?? '');
    try {
      await (await api(event)).follow.setMailFrequency({ mail: mail as 'instant' | 'daily' | 'off' });
    } catch (err) {
      return actionFailure(err);
    }
    return { message: 'Mail setting saved.' };
  },
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
