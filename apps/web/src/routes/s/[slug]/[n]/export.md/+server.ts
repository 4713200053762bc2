import { error } from '@sveltejs/kit';
import { requireAdultConfirmationForDownload } from '$lib/server/adult-gate';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** One chapter's canonical markup (what `margins pull` writes). */
export const GET: RequestHandler = async (event) => {
  const number = Number.parseInt(event.params.n, 10);
  if (!Number.isInteger(number) || number < 1) error(404, { message: 'Chapter not found.' });
  await requireAdultConfirmationForDownload(event);
  const chapter = await (
    await api(event)
  ).export
    .chapter({ slug: event.params.slug, number })
    .catch(loadError);
  const name = `${event.params.slug}-${String(number).padStart(2, '0')}.md`;
  return new Response(chapter.file, { headers: attachment(name, 'text/markdown; charset=utf-8') });
};
