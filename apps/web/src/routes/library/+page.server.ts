import { redirect, type RequestEvent } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { safeNext } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/library');
  const caller = await api(event);
  try {
    const [history, later, bookmarks] = await Promise.all([caller.library.history({}), caller.library.history({ later: true }), caller.library.bookmarks()]);
    return { history, later, bookmarks };
  } catch (e) {
    loadError(e);
  }
};

/** The story page's shelf buttons post here (plain forms) and go back to `next`. */
async function act(event: RequestEvent, run: (caller: Awaited<ReturnType<typeof api>>, form: FormData, storyId: string) => Promise<unknown>) {
  const form = await event.request.formData();
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const next = safeNext(field('next') || '/library', event.url.origin);
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(next)}`);
  try {
    await run(await api(event), form, field('storyId'));
  } catch (e) {
    loadError(e);
  }
  redirect(303, next);
}

export const actions: Actions = {
  later: (event) => act(event, (c, form, storyId) => c.library.later({ storyId, later: form.get('later') === 'true' })),
  bookmark: (event) =>
    act(event, (c, form, storyId) =>
      c.library.saveBookmark({
        storyId,
        public: form.get('public') === 'on',
        note: String(form.get('note') ?? ''),
        tags: String(form.get('tags') ?? '').split(','),
      }),
    ),
  unbookmark: (event) => act(event, (c, _form, storyId) => c.library.deleteBookmark({ storyId })),
};
