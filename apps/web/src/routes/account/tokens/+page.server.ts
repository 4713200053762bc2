import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, call, failed, readForm, refuse, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const tokens = await (await api(event)).token.list().catch(loadError);
  return { tokens, server: event.url.origin };
};

export const actions: Actions = {
  create: async () => {
    requireLogin();
    const f = await readForm();
    const name = f.text('name').trim();
    const scope = f.oneOf('scope', ['read', 'write'] as const);
    if (!scope)
      return refuse(
        'Choose read or write.',
        { scope: ['Choose read or write.'] },
        { form: 'create', values: { name } },
      );
    const created = await call((api) => api.token.create({ name, scope }), {
      form: 'create',
      values: { name },
    });
    if (failed(created)) return created;
    // The plain token is returned once, in this action's answer; it is never stored or shown again.
    return { form: 'create', created: { name: created.name, scope: created.scope, token: created.token } };
  },

  revoke: async () => {
    requireLogin();
    const tokenId = (await readForm()).text('tokenId');
    return act((api) => api.token.revoke({ tokenId }), {
      form: 'revoke',
      message: (revoked) => `Token “${revoked.name}” revoked: it no longer works.`,
    });
  },
};
