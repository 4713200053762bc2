import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import { filtersOf } from '../../dashboard.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { params, url } = event;
  const filters = filtersOf(url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const caller = await api(event);
  try {
    const [overview, inbox] = await Promise.all([
      caller.dashboard.story({ storyId: params.storyId }),
      caller.dashboard.inbox({ filters: { storyId: params.storyId, ...filters }, cursor, limit: 25 }),
    ]);
    return {
      story: overview.story,
      chapters: overview.chapters.map((c) => ({ id: c.id, number: c.number, title: c.title })),
      povs: overview.povs.map((p) => ({ id: p.id, name: p.name })),
      inbox,
      filters,
    };
  } catch (e) {
    loadError(e);
  }
};

export const actions: Actions = {
  mark: async () => {
    requireLogin();
    const f = await readForm();
    const kind = f.text('kind') === 'review' ? 'review' : 'comment';
    const marked = await call((api) =>
      api.dashboard.markFeedback({ items: [{ kind, id: f.text('id') }], seen: f.text('seen') === 'true' }),
    );
    if (failed(marked)) return marked;
  },
  markAll: async (event) => {
    requireLogin();
    const marked = await call((api) =>
      api.dashboard.markAllSeen({ filters: { storyId: event.params.storyId, ...filtersOf(event.url) } }),
    );
    if (failed(marked)) return marked;
  },
};
