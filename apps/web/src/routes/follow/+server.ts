// Subscribe and unsubscribe buttons (components/follow/FollowButtons.svelte) post here: a plain
// form, so they work without JavaScript, then back to the page they were on.
import { redirect, type RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { readForm, requireLogin } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';

export const POST: RequestHandler = async (event) => {
  const f = await readForm();
  const next = safeNext(f.text('next'), event.url.origin);
  requireLogin(next);
  const target = f.text('author')
    ? { authorUsername: f.text('author') }
    : f.text('series')
      ? { seriesId: f.text('series') }
      : { storyId: f.text('storyId') };
  const caller = await api(event);
  try {
    await (f.text('op') === 'unsubscribe'
      ? caller.follow.unsubscribe(target)
      : caller.follow.subscribe(target));
  } catch (e) {
    loadError(e);
  }
  redirect(303, next);
};
