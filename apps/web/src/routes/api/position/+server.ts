// The furthest passage a reader reached in a chapter (components/follow/HistoryBeacon.svelte):
// read-through for the dashboard from everyone, and where a signed-in reader stopped. Under
// /api/, so the same-origin rule of hooks.server.ts applies; a beacon gets 204 whatever happens.
import type { RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';

export const POST: RequestHandler = async (event) => {
  const body = (await event.request.json().catch(() => null)) as {
    chapterId?: unknown;
    passageKey?: unknown;
  } | null;
  if (body && typeof body.chapterId === 'string' && typeof body.passageKey === 'string') {
    const input = { chapterId: body.chapterId, passageKey: body.passageKey };
    const caller = await api(event);
    // One after the other: run side by side on the embedded database, the read-through
    // transaction and the history write left the beacon unanswered (library.spec timed out).
    // "Continue reading" first, for signed-in readers.
    if (event.locals.user) await caller.library.visit(input).catch(() => undefined);
    // Read-through (docs/dashboard.md), from everyone; the service skips members and bots.
    await caller.reading.readThrough(input).catch(() => undefined);
  }
  return new Response(null, { status: 204 });
};
