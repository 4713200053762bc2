import { requireAdultConfirmationForDownload } from '$lib/server/adult-gate';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The story as EPUB 3: chapters, POV labels, metadata; `?pov=Name` for one character's story. */
export const GET: RequestHandler = async (event) => {
  await requireAdultConfirmationForDownload(event);
  const url = `${event.url.origin}/s/${event.params.slug}`;
  // `?pov=Name`: the "<Name>'s story only" edition (published text only).
  const pov = event.url.searchParams.get('pov')?.trim() || undefined;
  const { filename, base64 } = await (
    await api(event)
  ).export
    .epub({ slug: event.params.slug, url, ...(pov ? { pov } : {}) })
    .catch(loadError);
  return new Response(Buffer.from(base64, 'base64'), {
    headers: attachment(filename, 'application/epub+zip'),
  });
};
