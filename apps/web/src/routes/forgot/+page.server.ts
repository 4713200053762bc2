import { call, failed, readForm } from '$lib/server/forms';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async () => {
    const email = (await readForm()).text('email');
    const requested = await call((api) => api.account.requestPasswordReset({ email }), { values: { email } });
    if (failed(requested)) return requested;
    // The same page whether or not the address has an account (docs/auth.md, enumeration).
    return { sent: email.trim() };
  },
};
