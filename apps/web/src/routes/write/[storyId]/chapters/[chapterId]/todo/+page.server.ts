import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { requireUser, text } from '../../../../authoring.server';
import type { Actions, PageServerLoad } from './$types';

const RESOLUTIONS = ['open', 'accepted', 'resolved', 'dismissed'] as const;
type Resolution = (typeof RESOLUTIONS)[number];

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const todo = await (await api(event)).feedback.todo({ chapterId: event.params.chapterId }).catch(loadError);
  if (todo.chapter.storyId !== event.params.storyId) error(404, { message: 'Chapter not found.' });
  return { todo };
};

export const actions: Actions = {
  set: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const commentId = text(form, 'commentId');
    const wanted = text(form, 'resolution');
    const resolution: Resolution = (RESOLUTIONS as readonly string[]).includes(wanted) ? (wanted as Resolution) : 'open';
    try {
      const result = await (await api(event)).feedback.setResolution({ commentId, resolution });
      return { message: `Marked ${resolution}. ${result.stillOpen} still open.` };
    } catch (e) {
      return actionFailure(e);
    }
  },
};
