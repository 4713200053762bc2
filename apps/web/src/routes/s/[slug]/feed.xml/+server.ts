import { error } from '@sveltejs/kit';
import { TRPCError, renderAtomFeed } from '@margins/api';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The Atom feed of a public story's published chapters; 404 for anything else. */
export const GET: RequestHandler = async (event) => {
  const feed = await (await api(event)).export.feed({ slug: event.params.slug }).catch((e: unknown) => {
    if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, { message: 'No public story here.' });
    throw e;
  });
  return new Response(renderAtomFeed(feed, event.url.origin), {
    headers: {
      'content-type': 'application/atom+xml; charset=utf-8',
      'cache-control': 'public, max-age=300',
    },
  });
};
