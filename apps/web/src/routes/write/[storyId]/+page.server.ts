import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import { loadStoryForAuthor, requireUser, storyMetaFrom, tagErrors, tagsFrom, text } from '../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { summary, story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  return { summary, story, chapters, created: event.url.searchParams.has('created'), deleted: event.url.searchParams.has('deleted') };
};

export const actions: Actions = {
  update: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const storyId = event.params.storyId;
    const title = text(form, 'title').trim();
    const summary = text(form, 'summary').trim();
    const tags = tagsFrom(form);
    const meta = storyMetaFrom(form);
    const values = { title, summary, ...meta.values, fandom: text(form, 'fandom'), character: text(form, 'character'), relationship: text(form, 'relationship'), freeform: text(form, 'freeform') };
    const fieldErrors = tagErrors(tags);
    if (Object.keys(fieldErrors).length) return fail(400, { form: 'update', message: 'Please check the highlighted fields.', fieldErrors, values });
    try {
      await (await api(event)).story.update({ storyId, title, summary, ...meta.input, tags });
    } catch (e) {
      return withForm('update', actionFailure(e, values));
    }
    return { form: 'update', message: 'Story details saved.' };
  },

  addCharacter: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const name = text(form, 'name').trim();
    const color = text(form, 'color');
    try {
      await (await api(event)).story.addCharacter({ storyId: event.params.storyId, name, color });
    } catch (e) {
      return withForm('addCharacter', actionFailure(e, { name, color }));
    }
    return { form: 'characters', message: `${name} added.` };
  },

  updateCharacter: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const characterId = text(form, 'characterId');
    const name = text(form, 'name').trim();
    const color = text(form, 'color');
    try {
      await (await api(event)).story.updateCharacter({ storyId: event.params.storyId, characterId, name, color });
    } catch (e) {
      return withForm(`character:${characterId}`, actionFailure(e, { name, color }));
    }
    return { form: 'characters', message: `${name} saved.` };
  },

  removeCharacter: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const characterId = text(form, 'characterId');
    try {
      await (await api(event)).story.removeCharacter({ storyId: event.params.storyId, characterId });
    } catch (e) {
      return withForm(`character:${characterId}`, actionFailure(e));
    }
    return { form: 'characters', message: `${text(form, 'name') || 'The character'} removed.` };
  },

  publish: async (event) => {
    requireUser(event);
    try {
      await (await api(event)).story.publish({ storyId: event.params.storyId });
    } catch (e) {
      return withForm('publish', actionFailure(e));
    }
    return { form: 'publish', message: 'The story is published: readers can find it and read its published chapters.' };
  },

  unpublish: async (event) => {
    requireUser(event);
    try {
      await (await api(event)).story.unpublish({ storyId: event.params.storyId });
    } catch (e) {
      return withForm('publish', actionFailure(e));
    }
    return { form: 'publish', message: 'The story is private again; only its members can see it.' };
  },

  moveChapter: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const chapterId = text(form, 'chapterId');
    const direction = text(form, 'direction') === 'up' ? 'up' : 'down';
    let position: number | null;
    try {
      ({ position } = await (await api(event)).chapter.move({ storyId: event.params.storyId, chapterId, direction }));
    } catch (e) {
      return withForm('chapters', actionFailure(e));
    }
    if (position === null) return { form: 'chapters', message: 'That chapter is already at the edge.' };
    return { form: 'chapters', message: `Moved to chapter ${position}.`, moved: chapterId };
  },

  delete: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    if (form.get('confirm') !== 'yes') {
      return fail(400, { form: 'delete', message: 'Tick the box to confirm that you want to delete this story.', fieldErrors: { confirm: ['Tick to confirm.'] } as Record<string, string[]> });
    }
    try {
      await (await api(event)).story.delete({ storyId: event.params.storyId });
    } catch (e) {
      return withForm('delete', actionFailure(e));
    }
    redirect(303, '/write?deleted=1');
  },
};

/** Tags a failure with the form it belongs to, so its message shows next to that form. */
function withForm<D extends object>(form: string, failure: ActionFailure<D>): ActionFailure<D & { form: string }> {
  return fail(failure.status, { ...failure.data, form });
}
