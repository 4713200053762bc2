import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import { loadStoryForAuthor } from '../../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  const { rounds } = await (await api(event)).beta.rounds({ storyId: event.params.storyId }).catch(loadError);
  return {
    story: { id: story.id, title: story.title },
    chapters: chapters.map((c) => ({ id: c.id, title: c.title, status: c.status })),
    rounds,
  };
};

export const actions: Actions = {
  open: async (event) => {
    requireLogin();
    const chapterId = (await readForm()).text('chapterId');
    const round = await call((api) => api.beta.open({ chapterId }), { values: { chapterId } });
    if (failed(round)) return round;
    redirect(303, `/write/${event.params.storyId}/beta/${round.id}`);
  },
};
