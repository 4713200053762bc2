import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function requireUser(event: RequestEvent | Parameters<PageServerLoad>[0]) {
  if (!event.locals.user) redirect(303, '/login?next=' + encodeURIComponent(event.url.pathname));
  return event.locals.user;
}
const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const reading = await (await api(event)).beta.read({ roundId: event.params.roundId }).catch(loadError);
  return { reading };
};

export const actions: Actions = {
  comment: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const passageKey = text(form, 'passageKey');
    const body = text(form, 'body');
    const type = text(form, 'type') === 'typo' ? 'typo' : text(form, 'type') === 'reaction' ? 'reaction' : 'critique';
    try {
      await (await api(event)).beta.comment({ roundId: event.params.roundId, passageKey, body, type });
    } catch (e) {
      return actionFailure(e, { passageKey, body });
    }
    return { message: 'Comment saved. Only the authors can see it.', passageKey };
  },
  verdict: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const verdict = text(form, 'verdict') === 'nay' ? 'nay' : 'yay';
    const body = text(form, 'body');
    try {
      await (await api(event)).beta.verdict({ roundId: event.params.roundId, verdict, body });
    } catch (e) {
      return actionFailure(e, { body });
    }
    return { message: 'Verdict saved. Only the authors can see it.' };
  },
};
