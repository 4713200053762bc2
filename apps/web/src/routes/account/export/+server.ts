import { Buffer } from 'node:buffer';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { attachment } from '$lib/server/download';
import { loadError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/** Everything of the signed-in person's as one zip (docs/accounts.md); the API caps and rate-limits it. */
export const GET: RequestHandler = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/account%23leaving');
  const { filename, base64 } = await (await api(event)).account.export().catch(loadError);
  return new Response(Buffer.from(base64, 'base64'), { headers: attachment(filename, 'application/zip') });
};
