// The author's series (docs/reading.md, "Series"): make one, put works in it at a place, move
// and remove them. Plain forms (no JavaScript needed); each action is one API call.
import { seriesCreate, seriesUpdate } from '@margins/api/inputs';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, failed, parse, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const [series, stories] = await Promise.all([caller.series.mine(), caller.story.mine()]).catch(loadError);
  return {
    series,
    // Only works the author writes go in their series (owner or co-author).
    works: stories
      .filter((s) => s.myRole === 'owner' || s.myRole === 'coauthor')
      .map((s) => ({ id: s.id, title: s.title })),
    /** "Add this work to a series" from a story's settings: that work is chosen in the forms. */
    story: event.url.searchParams.get('story'),
  };
};

const back = () => '/write/series';

export const actions: Actions = {
  create: async () => {
    requireLogin();
    const f = await readForm();
    const values = { title: f.text('title'), summary: f.text('summary') };
    const input = parse(
      seriesCreate,
      { ...values, storyId: f.optional('storyId') || undefined },
      {
        values,
        form: 'create',
      },
    );
    if (failed(input)) return input;
    return act((a) => a.series.create(input), {
      values,
      form: 'create',
      message: `Series “${input.title}” created.`,
      backTo: back,
    });
  },
  update: async () => {
    requireLogin();
    const f = await readForm();
    const seriesId = f.text('seriesId');
    const values = { title: f.text('title'), summary: f.text('summary') };
    const input = parse(seriesUpdate, { seriesId, ...values }, { values, form: `series:${seriesId}` });
    if (failed(input)) return input;
    return act((a) => a.series.update(input), {
      values,
      form: `series:${seriesId}`,
      message: 'Series saved.',
    });
  },
  delete: async () => {
    requireLogin();
    const seriesId = (await readForm()).text('seriesId');
    return act((a) => a.series.delete({ seriesId }), {
      form: 'create',
      message: 'The series was deleted; its works stay.',
      backTo: back,
    });
  },
  add: async () => {
    requireLogin();
    const f = await readForm();
    const seriesId = f.text('seriesId');
    const position = f.int('position');
    return act((a) => a.series.addPart({ seriesId, storyId: f.text('storyId'), position }), {
      form: `series:${seriesId}`,
      message: (r) => `Added as part ${r.position}.`,
      backTo: back,
    });
  },
  move: async () => {
    requireLogin();
    const f = await readForm();
    const seriesId = f.text('seriesId');
    return act(
      (a) => a.series.movePart({ seriesId, storyId: f.text('storyId'), position: f.int('position') ?? 1 }),
      { form: `series:${seriesId}`, message: (r) => `Moved to part ${r.position}.`, backTo: back },
    );
  },
  remove: async () => {
    requireLogin();
    const f = await readForm();
    const seriesId = f.text('seriesId');
    return act((a) => a.series.removePart({ seriesId, storyId: f.text('storyId') }), {
      form: `series:${seriesId}`,
      message: 'Taken out of the series; the work itself stays.',
      backTo: back,
    });
  },
};
