import { requireAdultConfirmationForDownload } from '$lib/server/adult-gate';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The story as one Markdown file in the canonical markup; members get drafts too. */
export const GET: RequestHandler = async (event) => {
  await requireAdultConfirmationForDownload(event);
  const { filename, markdown } = await (
    await api(event)
  ).export
    .markdown({ slug: event.params.slug })
    .catch(loadError);
  return new Response(markdown, { headers: attachment(filename, 'text/markdown; charset=utf-8') });
};
