import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const RESOLUTIONS = ['open', 'accepted', 'resolved', 'dismissed'] as const;
type Resolution = (typeof RESOLUTIONS)[number];

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const todo = await (await api(event)).feedback.todo({ chapterId: event.params.chapterId }).catch(loadError);
  if (todo.chapter.storyId !== event.params.storyId) error(404, { message: 'Chapter not found.' });
  return { todo };
};

export const actions: Actions = {
  set: async () => {
    requireLogin();
    const f = await readForm();
    const commentId = f.text('commentId');
    const resolution: Resolution = f.oneOf('resolution', RESOLUTIONS) ?? 'open';
    const result = await call((api) => api.feedback.setResolution({ commentId, resolution }));
    if (failed(result)) return result;
    return { message: `Marked ${resolution}. ${result.stillOpen} still open.` };
  },
};
