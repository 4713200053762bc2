// The furthest passage a reader reached in a chapter (components/follow/HistoryBeacon.svelte):
// read-through for the dashboard from everyone, and where a signed-in reader stopped. Under
// /api/, so the same-origin rule of hooks.server.ts applies; a beacon gets 204 whatever happens.
import type { RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';

export const POST: RequestHandler = async (event) => {
  const body = (await event.request.json().catch(() => null)) as { chapterId?: unknown; passageKey?: unknown } | null;
  if (body && typeof body.chapterId === 'string' && typeof body.passageKey === 'string') {
    const input = { chapterId: body.chapterId, passageKey: body.passageKey };
    const caller = await api(event);
    await Promise.all([
      // Read-through (docs/dashboard.md), from everyone; the service skips members and bots.
      caller.reading.readThrough(input).catch(() => undefined),
      // "Continue reading", for signed-in readers.
      event.locals.user ? caller.library.visit(input).catch(() => undefined) : undefined,
    ]);
  }
  return new Response(null, { status: 204 });
};
