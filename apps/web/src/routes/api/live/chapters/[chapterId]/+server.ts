// Server-sent events for one chapter: comment and review changes, as ids and counts only (see
// docs/comments.md). Access is the reading rule: whoever may read the chapter may listen; others
// get 404. It is checked again while the stream is open, and the stream ends (`event: end`) when
// the listener loses access. The stream itself comes from @margins/api (liveEventStream).
import { error } from '@sveltejs/kit';
import { TRPCError, createCaller, liveAccessCheck, liveEventStream } from '@margins/api';
import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/context';
import { counted, metrics } from '$lib/server/ops/metrics';
import { getServices } from '$lib/server/services';

export const GET: RequestHandler = async (event) => {
  const { db } = await getServices();
  const context = await contextFor(event);
  const caller = createCaller(context);
  let channel: string;
  try {
    ({ channel } = await caller.comment.liveChannel({ chapterId: event.params.chapterId }));
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST'))
      error(404, { message: 'Chapter not found.' });
    // PostgreSQL down or restarting: 503 with Retry-After like every other route, not a 500
    // (the handle in hooks.server.ts never sees an endpoint's error).
    if (err instanceof TRPCError && err.code === 'SERVICE_UNAVAILABLE') {
      return new Response('The database is not reachable right now; try again in a few seconds.', {
        status: 503,
        headers: { 'retry-after': '5', 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    throw err;
  }
  const chapterId = event.params.chapterId;
  const stream = liveEventStream({
    pubsub: db.pubsub,
    channel,
    signal: event.request.signal,
    // The same listener as the check above (session or token user).
    stillAllowed: liveAccessCheck({ db, chapterId, userId: context.user?.id ?? null }),
    listenerId: context.user?.id ?? null,
  });
  return new Response(counted(stream, metrics(getServices).liveStreams), {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Nginx and similar proxies would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
};
