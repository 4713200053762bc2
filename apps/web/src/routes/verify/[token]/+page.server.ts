import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { call, failed } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// Opening the link only shows what it is for; the button uses it. Mail scanners fetch links, and
// a GET that confirmed would let a scanner confirm an address for someone else's sign-up.
export const load: PageServerLoad = async (event) => {
  const link = await (await api(event)).account.link({ token: event.params.token, purpose: 'verify_email' });
  return { link };
};

export const actions: Actions = {
  default: async (event) => {
    const confirmed = await call((api) => api.account.confirmAddress({ token: event.params.token }));
    if (failed(confirmed)) return confirmed;
    redirect(303, event.locals.user ? '/account?confirmed=1' : '/login?next=/account');
  },
};
