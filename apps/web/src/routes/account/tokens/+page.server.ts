import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/account/tokens');
  const tokens = await (await api(event)).token.list().catch(loadError);
  return { tokens, server: event.url.origin };
};

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export const actions: Actions = {
  create: async (event) => {
    if (!event.locals.user) redirect(303, '/login?next=/account/tokens');
    const form = await event.request.formData();
    const name = field(form, 'name').trim();
    const scope = field(form, 'scope');
    if (scope !== 'read' && scope !== 'write')
      return fail(400, {
        form: 'create',
        message: 'Choose read or write.',
        fieldErrors: { scope: ['Choose read or write.'] } as Record<string, string[]>,
        values: { name },
      });
    try {
      const created = await (await api(event)).token.create({ name, scope });
      // The plain token is returned once, in this action's answer; it is never stored or shown again.
      return { form: 'create', created: { name: created.name, scope: created.scope, token: created.token } };
    } catch (e) {
      const failure = actionFailure(e, { name });
      return fail(failure.status, { ...failure.data, form: 'create' });
    }
  },

  revoke: async (event) => {
    if (!event.locals.user) redirect(303, '/login?next=/account/tokens');
    const tokenId = field(await event.request.formData(), 'tokenId');
    try {
      const revoked = await (await api(event)).token.revoke({ tokenId });
      return { form: 'revoke', message: `Token “${revoked.name}” revoked: it no longer works.` };
    } catch (e) {
      const failure = actionFailure(e);
      return fail(failure.status, { ...failure.data, form: 'revoke' });
    }
  },
};
