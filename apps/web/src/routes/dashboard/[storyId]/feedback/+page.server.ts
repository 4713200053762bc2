import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { filtersOf, requireUser } from '../../dashboard.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
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
  mark: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const kind = form.get('kind') === 'review' ? 'review' : 'comment';
    const id = String(form.get('id') ?? '');
    const seen = form.get('seen') === 'true';
    try {
      await (await api(event)).dashboard.markFeedback({ items: [{ kind, id }], seen });
    } catch (e) {
      return actionFailure(e);
    }
  },
  markAll: async (event) => {
    requireUser(event);
    try {
      await (await api(event)).dashboard.markAllSeen({ filters: { storyId: event.params.storyId, ...filtersOf(event.url) } });
    } catch (e) {
      return actionFailure(e);
    }
  },
};
