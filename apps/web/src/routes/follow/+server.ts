// Subscribe and unsubscribe buttons (components/follow/FollowButtons.svelte) post here: a plain
// form, so they work without JavaScript, then back to the page they were on.
import { redirect, type RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { safeNext } from '$lib/server/redirects';

export const POST: RequestHandler = async (event) => {
  const form = await event.request.formData();
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const next = safeNext(field('next'), event.url.origin);
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(next)}`);
  const target = field('author') ? { authorUsername: field('author') } : { storyId: field('storyId') };
  const caller = await api(event);
  try {
    await (field('op') === 'unsubscribe' ? caller.follow.unsubscribe(target) : caller.follow.subscribe(target));
  } catch (e) {
    loadError(e);
  }
  redirect(303, next);
};
