import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const email = String((await event.request.formData()).get('email') ?? '');
    try {
      await (await api(event)).account.requestPasswordReset({ email });
    } catch (err) {
      return actionFailure(err, { email });
    }
    // The same page whether or not the address has an account (docs/auth.md, enumeration).
    return { sent: email.trim() };
  },
};
