// One-click unsubscribe (RFC 8058). A mail provider POSTs `List-Unsubscribe=One-Click` to this
// URL with no session and no Origin (hooks.server.ts lets this one route through the cross-site
// form check): the signed token alone decides. A person who opens the link (GET) sees what it
// stops and a button, so a link scanner's GET unsubscribes nobody.
import { error } from '@sveltejs/kit';
import { describeUnsubscribe, unsubscribeByToken } from '@margins/api';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  const { db } = await getServices();
  const found = await describeUnsubscribe({ db, token: params.token });
  if (!found)
    error(404, { message: 'This unsubscribe link is not valid. Manage your subscriptions under Account.' });
  return found;
};

export const actions: Actions = {
  default: async ({ params }) => {
    const { db } = await getServices();
    const { ok } = await unsubscribeByToken({ db, token: params.token, now: new Date() });
    if (!ok) error(404, { message: 'This unsubscribe link is not valid.' });
    return { unsubscribed: true };
  },
};
