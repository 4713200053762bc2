// A private beta-round link. Opening it (GET) only shows the round and a Join button: a GET
// must change nothing, or any cross-site navigation, link preview or prefetch would bind the
// link to whoever happened to be signed in. Joining is the POST below (works without JavaScript).
// Logged out → log in first and come back. Unknown, revoked, expired or someone else's link → 404.
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const link = await (await api(event)).beta.link({ token: event.params.token }).catch(loadError);
  // Already a reader of the round: nothing to join, straight to it (going there changes nothing).
  if (link.joined) redirect(303, `/beta/rounds/${link.roundId}`);
  return { link };
};

export const actions: Actions = {
  join: async (event) => {
    requireLogin();
    const { roundId } = await (await api(event)).beta.accept({ token: event.params.token }).catch(loadError);
    redirect(303, `/beta/rounds/${roundId}`);
  },
};
