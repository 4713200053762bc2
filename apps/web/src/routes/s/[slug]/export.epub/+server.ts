import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The story as EPUB 3: chapters, POV labels, metadata. */
export const GET: RequestHandler = async (event) => {
  const url = `${event.url.origin}/s/${event.params.slug}`;
  const { filename, base64 } = await (
    await api(event)
  ).export
    .epub({ slug: event.params.slug, url })
    .catch(loadError);
  return new Response(Buffer.from(base64, 'base64'), {
    headers: attachment(filename, 'application/epub+zip'),
  });
};
