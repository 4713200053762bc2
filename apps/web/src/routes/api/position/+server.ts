// Where a signed-in reader stopped in a chapter (components/follow/HistoryBeacon.svelte). Under
// /api/, so the same-origin rule of hooks.server.ts applies; a beacon gets 204 whatever happens.
import type { RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';

export const POST: RequestHandler = async (event) => {
  if (!event.locals.user) return new Response(null, { status: 204 });
  const body = (await event.request.json().catch(() => null)) as { chapterId?: unknown; passageKey?: unknown } | null;
  if (body && typeof body.chapterId === 'string' && typeof body.passageKey === 'string') {
    await (await api(event)).library.visit({ chapterId: body.chapterId, passageKey: body.passageKey }).catch(() => undefined);
  }
  return new Response(null, { status: 204 });
};
