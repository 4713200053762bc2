import { isPrefetch } from '@margins/api';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

// The smallest transparent GIF: the chapter page shows it as a 1×1 image, so every page a browser
// renders — from the page cache, without JavaScript, or after a click inside the app — asks for it.
const PIXEL = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) =>
  c.charCodeAt(0),
);

/**
 * The read beacon (docs/dashboard.md, "Reads"): counts a logged-out read. Signed-in readers are
 * counted by the page load; prefetches and prerenders are nobody reading yet; bots are left out
 * by the service. Counting never fails the image.
 */
export const GET: RequestHandler = async (event) => {
  if (!event.locals.user && !isPrefetch(event.request.headers)) {
    try {
      const caller = await api(event);
      const { chapters } = await caller.reading.toc({ slug: event.params.slug });
      const entry = chapters[Number(event.params.n) - 1];
      if (entry) await caller.reading.recordGuestRead({ chapterId: entry.id });
    } catch {
      // A private story, an unknown chapter, a database hiccup: the pixel is served all the same.
    }
  }
  return new Response(PIXEL, {
    headers: {
      'content-type': 'image/gif',
      'cache-control': 'no-store',
      'content-length': String(PIXEL.length),
    },
  });
};
