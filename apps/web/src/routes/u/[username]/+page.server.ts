import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const caller = await api(event);
  try {
    const profile = await caller.user.profile({ username: event.params.username });
    return { profile, loggedIn: event.locals.user !== null };
  } catch (e) {
    loadError(e);
  }
};

// Mute and unmute are also posted from a comment's menu on the chapter page (use:enhance refetches
// the threads there); a plain form post comes back to this profile.
export const actions: Actions = {
  mute: ({ params }) => {
    requireLogin(`/u/${encodeURIComponent(params.username)}`);
    return act((api) => api.user.mute({ username: params.username }), {
      message: 'Muted. Their comments are hidden from you.',
      backTo: () => `/u/${encodeURIComponent(params.username)}`,
    });
  },
  unmute: ({ params }) => {
    requireLogin(`/u/${encodeURIComponent(params.username)}`);
    return act((api) => api.user.unmute({ username: params.username }), {
      message: 'Unmuted. You see their comments again.',
      backTo: () => `/u/${encodeURIComponent(params.username)}`,
    });
  },
  /** To the site's administrators (docs/admin.md): reports of people are not the story owners' to handle. */
  report: async (event) => {
    const { params } = event;
    requireLogin(`/u/${encodeURIComponent(params.username)}`);
    const reason = (await readForm()).text('reason');
    const caller = await api(event);
    const { id } = await caller.user.profile({ username: params.username }).catch(loadError);
    return act((api) => api.moderation.report({ targetType: 'user', targetId: id, reason }), {
      form: 'report',
      message: 'Reported.',
    });
  },
};
