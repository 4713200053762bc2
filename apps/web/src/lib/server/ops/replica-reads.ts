// Which requests may read from a replica (DATABASE_REPLICA_URLS; packages/db replicas.ts):
// page loads (GET/HEAD of a page: reading pages, browse, search, dashboards) by someone who has
// not written in the last few seconds. Everything under /api/ reads the primary — a live
// update's refetch must see the comment it announces — and so does anyone whose browser carries
// the `margins_wrote` cookie, set for STICKY_SECONDS by every request that may have written, so
// nobody misses their own comment. Writes and transactions always go to the primary anyway.
import type { Handle } from '@sveltejs/kit';
import { readsMayBeStale } from '@margins/db';
import { env } from '../env';

export const WROTE_COOKIE = 'margins_wrote';
export const STICKY_SECONDS = 5;

export const replicaReads: Handle = async ({ event, resolve }) => {
  // Without replicas every read is on the primary: nothing to decide, no cookie.
  if (env.DATABASE_REPLICA_URLS.length === 0) return resolve(event);
  const method = event.request.method;
  if (method !== 'GET' && method !== 'HEAD') {
    const response = await resolve(event);
    // Not `event.cookies`: this must reach the browser on every answer, a redirect after a form post too.
    response.headers.append(
      'set-cookie',
      `${WROTE_COOKIE}=1; Max-Age=${STICKY_SECONDS}; Path=/; HttpOnly; SameSite=Lax`,
    );
    return response;
  }
  if (event.url.pathname.startsWith('/api/') || event.cookies.get(WROTE_COOKIE)) return resolve(event);
  return readsMayBeStale(() => resolve(event));
};
