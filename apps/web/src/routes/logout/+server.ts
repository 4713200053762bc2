import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
  if (event.locals.user) await (await api(event)).auth.logOut();
  redirect(303, '/');
};
