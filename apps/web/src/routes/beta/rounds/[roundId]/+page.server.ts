import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const reading = await (await api(event)).beta.read({ roundId: event.params.roundId }).catch(loadError);
  return { reading };
};

export const actions: Actions = {
  comment: async (event) => {
    requireLogin();
    const f = await readForm();
    const passageKey = f.text('passageKey');
    const body = f.text('body');
    const type = f.oneOf('type', ['typo', 'reaction'] as const) ?? 'critique';
    const saved = await call(
      (api) => api.beta.comment({ roundId: event.params.roundId, passageKey, body, type }),
      { values: { passageKey, body } },
    );
    if (failed(saved)) return saved;
    return { message: 'Comment saved. Only the authors can see it.', passageKey };
  },
  verdict: async (event) => {
    requireLogin();
    const f = await readForm();
    const verdict = f.text('verdict') === 'nay' ? 'nay' : 'yay';
    const body = f.text('body');
    const saved = await call((api) => api.beta.verdict({ roundId: event.params.roundId, verdict, body }), {
      values: { body },
    });
    if (failed(saved)) return saved;
    return { message: 'Verdict saved. Only the authors can see it.' };
  },
};
