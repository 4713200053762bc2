import { error, json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { guestVerdictOf } from '$lib/server/guest-verdict';
import type { RequestHandler } from './$types';

/** This browser's guest verdict on the chapter: the page (shared through the page cache) asks once JavaScript runs. */
export const GET: RequestHandler = async (event) => {
  const { chapters } = await (await api(event)).reading.toc({ slug: event.params.slug }).catch(loadError);
  const entry = chapters[Number(event.params.n) - 1];
  if (!entry) error(404, { message: 'Chapter not found.' });
  const verdict = event.locals.user ? null : await guestVerdictOf(event, entry.id).catch(loadError);
  return json({ verdict }, { headers: { 'cache-control': 'private, no-store' } });
};
