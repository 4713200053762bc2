import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { loadStoryForAuthor, requireUser, text } from '../../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  const { rounds } = await (await api(event)).beta.rounds({ storyId: event.params.storyId }).catch(loadError);
  return { story: { id: story.id, title: story.title }, chapters: chapters.map((c) => ({ id: c.id, title: c.title, status: c.status })), rounds };
};

export const actions: Actions = {
  open: async (event) => {
    requireUser(event);
    const chapterId = text(await event.request.formData(), 'chapterId');
    let roundId: string;
    try {
      roundId = (await (await api(event)).beta.open({ chapterId })).id;
    } catch (e) {
      return actionFailure(e, { chapterId });
    }
    redirect(303, `/write/${event.params.storyId}/beta/${roundId}`);
  },
};
