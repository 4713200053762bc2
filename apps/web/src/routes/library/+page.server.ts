import { redirect, type RequestEvent } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { readForm, requireLogin, type Caller, type Fields } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  try {
    const [history, later, bookmarks] = await Promise.all([
      caller.library.history({}),
      caller.library.history({ later: true }),
      caller.library.bookmarks(),
    ]);
    return { history, later, bookmarks };
  } catch (e) {
    loadError(e);
  }
};

/**
 * The story page's shelf buttons post here (plain forms) and go back to `next`. A refusal is an
 * error page: these buttons have no form of their own to show a message next to.
 */
async function shelve(
  event: RequestEvent,
  run: (api: Caller, f: Fields, storyId: string) => Promise<unknown>,
) {
  const f = await readForm();
  const next = safeNext(f.text('next') || '/library', event.url.origin);
  requireLogin(next);
  await run(await api(event), f, f.text('storyId')).catch(loadError);
  redirect(303, next);
}

export const actions: Actions = {
  later: (event) =>
    shelve(event, (api, f, storyId) => api.library.later({ storyId, later: f.text('later') === 'true' })),
  bookmark: (event) =>
    shelve(event, (api, f, storyId) =>
      api.library.saveBookmark({
        storyId,
        public: f.text('public') === 'on',
        note: f.text('note'),
        tags: f.text('tags').split(','),
      }),
    ),
  unbookmark: (event) => shelve(event, (api, _f, storyId) => api.library.deleteBookmark({ storyId })),
};
