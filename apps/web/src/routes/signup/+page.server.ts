import { redirect } from '@sveltejs/kit';
import { call, failed, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

export const actions: Actions = {
  default: async () => {
    const f = await readForm();
    const username = f.text('username');
    const email = f.text('email');
    const signedUp = await call((api) => api.auth.signUp({ username, email, password: f.text('password') }), {
      values: { username, email },
    });
    if (failed(signedUp)) return signedUp;
    redirect(303, '/write');
  },
};
