// /admin/reports: the site's report queue (reports of stories and users, and every report of a
// comment or review, which their story's owner also gets). 404 to everyone but site admins.
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const includeClosed = event.url.searchParams.get('closed') === '1';
  const reports = await (await api(event)).admin.reports({ includeClosed }).catch(loadError);
  return { reports, includeClosed };
};

export const actions: Actions = {
  close: async () => {
    const f = await readForm();
    const resolution = f.oneOf('resolution', ['resolved', 'dismissed'] as const) ?? 'resolved';
    return act(
      (api) => api.admin.closeReport({ reportId: f.text('reportId'), resolution, note: f.text('note') }),
      {
        form: f.text('reportId'),
        message: resolution === 'resolved' ? 'Report resolved.' : 'Report dismissed.',
      },
    );
  },
  suspend: async () => {
    const f = await readForm();
    return act((api) => api.admin.suspend({ userId: f.text('userId'), reason: f.text('reason') }), {
      form: f.text('reportId'),
      message: `${f.text('username')} is suspended: signed out everywhere, their content hidden. Close the report when done.`,
    });
  },
  hide: async () => {
    const f = await readForm();
    return act((api) => api.admin.hideStory({ storyId: f.text('storyId'), reason: f.text('reason') }), {
      form: f.text('reportId'),
      message: 'The story is hidden: 404 to readers, its authors see why.',
    });
  },
  unhide: async () => {
    const f = await readForm();
    return act((api) => api.admin.unhideStory({ storyId: f.text('storyId'), reason: '' }), {
      form: f.text('reportId'),
      message: 'The story is back for readers.',
    });
  },
};
