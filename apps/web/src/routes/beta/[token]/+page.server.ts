// A private beta-round link: logged in → accept it (bind it to this user) and go to the round;
// logged out → log in first and come back. Unknown, revoked or expired links are 404.
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=' + encodeURIComponent(event.url.pathname));
  const { roundId } = await (await api(event)).beta.accept({ token: event.params.token }).catch(loadError);
  redirect(303, `/beta/rounds/${roundId}`);
};
