import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/account');
  const caller = await api(event);
  const [sessions, address, subscriptions, mail] = await Promise.all([caller.auth.sessions(), caller.account.address(), caller.follow.mine(), caller.follow.mailFrequency()]);
  const done = event.url.searchParams;
  const arrived = done.has('confirmed') ? 'Your address is confirmed.' : done.has('reset') ? 'Your password is changed, and every other device was signed out.' : null;
  return { sessions, currentSessionId: event.locals.sessionId, address, arrived, subscriptions, mail };
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
  address: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '');
    try {
      await (await api(event)).account.changeAddress({ email, currentPassword: String(form.get('addressPassword') ?? '') });
    } catch (err) {
      const failure = actionFailure(err, { email });
      // This form's password field, not the change-password form's.
      const { currentPassword, ...others } = failure.data.fieldErrors;
      if (currentPassword) failure.data.fieldErrors = { ...others, addressPassword: currentPassword };
      return failure;
    }
    return { message: `We sent a link to ${email.trim()}. The address changes when you follow it.` };
  },
  resend: async (event) => {
    try {
      const { email } = await (await api(event)).account.resendVerification();
      return { message: `We sent a new link to ${email}.` };
    } catch (err) {
      return actionFailure(err);
    }
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
