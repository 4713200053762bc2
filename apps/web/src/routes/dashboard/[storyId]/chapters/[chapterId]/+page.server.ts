import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireLogin } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { params } = event;
  const caller = await api(event);
  const [detail, readThrough] = await Promise.all([
    caller.dashboard.chapter({ chapterId: params.chapterId }),
    caller.dashboard.readThrough({ chapterId: params.chapterId }),
  ]).catch(loadError);
  if (detail.story.id !== params.storyId) error(404, { message: 'Chapter not found.' });
  return { detail, readThrough };
};
