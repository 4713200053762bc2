import { redirect } from '@sveltejs/kit';
import { MAX_BIO, MAX_DISPLAY_NAME, MAX_PROFILE_LINKS } from '@margins/api/inputs';
import { api } from '$lib/server/api';
import { deleteAccountInput } from '@margins/api/inputs';
import { act, call, failed, parse, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const [sessions, address, subscriptions, mail, profile, mutes] = await Promise.all([
    caller.auth.sessions(),
    caller.account.address(),
    caller.follow.mine(),
    caller.follow.mailFrequency(),
    caller.user.myProfile(),
    caller.user.mutes(),
  ]);
  const done = event.url.searchParams;
  const arrived = done.has('confirmed')
    ? 'Your address is confirmed.'
    : done.has('reset')
      ? 'Your password is changed, and every other device was signed out.'
      : null;
  return {
    sessions,
    currentSessionId: event.locals.sessionId,
    address,
    arrived,
    subscriptions,
    mail,
    // The limits come from the API's schema, so the page's hints cannot drift from it.
    profile: {
      ...profile,
      limits: { displayName: MAX_DISPLAY_NAME, bio: MAX_BIO, links: MAX_PROFILE_LINKS },
    },
    mutes,
  };
};

// The actions leave the login check to the API (each procedure is authenticated): a stale tab
// gets the API's message, as before.
export const actions: Actions = {
  profile: async () => {
    const f = await readForm();
    const values = { displayName: f.text('displayName'), bio: f.text('bio'), links: f.text('links') };
    // One link a line in the form; the API's schema drops empty lines and checks each.
    const links = values.links.split(/\r?\n/);
    return act((api) => api.user.updateProfile({ displayName: values.displayName, bio: values.bio, links }), {
      form: 'profile',
      values,
      rename: (key) => (key.startsWith('links') ? 'links' : key),
      message: 'Profile saved.',
    });
  },
  unmute: async () => {
    const username = (await readForm()).text('username');
    return act((api) => api.user.unmute({ username }), { message: `Unmuted ${username}.` });
  },
  mailFrequency: async () => {
    const mail = (await readForm()).text('mail');
    // The API's schema judges the value.
    return act((api) => api.follow.setMailFrequency({ mail: mail as 'instant' | 'daily' | 'off' }), {
      message: 'Mail setting saved.',
    });
  },
  revoke: async () => {
    const sessionId = (await readForm()).text('sessionId');
    return act((api) => api.auth.revokeSession({ sessionId }), { message: 'Session revoked.' });
  },
  everywhere: async () => {
    const done = await call((api) => api.auth.logOutEverywhere());
    if (failed(done)) return done;
    redirect(303, '/login');
  },
  address: async () => {
    const f = await readForm();
    const email = f.text('email');
    // This form's password field is addressPassword, not the change-password form's.
    const rename = (key: string) => (key === 'currentPassword' ? 'addressPassword' : key);
    const sent = await call(
      (api) => api.account.changeAddress({ email, currentPassword: f.text('addressPassword') }),
      { values: { email }, rename },
    );
    if (failed(sent)) return sent;
    return { message: `We sent a link to ${email.trim()}. The address changes when you follow it.` };
  },
  resend: () =>
    act((api) => api.account.resendVerification(), {
      message: ({ email }) => `We sent a new link to ${email}.`,
    }),
  // Leaving (docs/accounts.md): the password confirms it; signed out and sent to a goodbye page.
  deleteAccount: async () => {
    const f = await readForm();
    const stories = f.text('stories');
    const options = {
      form: 'leaving',
      values: { stories },
      rename: (key: string) => (key === 'password' ? 'deletePassword' : key),
    };
    const input = parse(deleteAccountInput, { password: f.text('deletePassword'), stories }, options);
    if (failed(input)) return input;
    const done = await call((api) => api.account.delete(input), options);
    if (failed(done)) return done;
    redirect(
      303,
      `/account/deleted?${new URLSearchParams(Object.entries(done).map(([k, v]) => [k, String(v)]))}`,
    );
  },
  password: async () => {
    const f = await readForm();
    return act(
      (api) =>
        api.auth.changePassword({
          currentPassword: f.text('currentPassword'),
          newPassword: f.text('newPassword'),
        }),
      {
        message: 'Password changed. Every other session was logged out and your API tokens were revoked.',
      },
    );
  },
};
