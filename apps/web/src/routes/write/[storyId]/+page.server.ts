import { redirect } from '@sveltejs/kit';
import { editStory } from '@margins/api/inputs';
import { call, failed, parse, readForm, refuse, requireLogin } from '$lib/server/forms';
import { loadStoryForAuthor, storyForm } from '../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { summary, story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  return {
    summary,
    story,
    chapters,
    created: event.url.searchParams.has('created'),
    deleted: event.url.searchParams.has('deleted'),
  };
};

export const actions: Actions = {
  update: async (event) => {
    requireLogin();
    const storyId = event.params.storyId;
    const { values, input } = storyForm(await readForm());
    // Checked before the call, so every field's message shows at once.
    const parsed = parse(editStory, input, { values, form: 'update' });
    if (failed(parsed)) return parsed;
    const { fandom, character, relationship, freeform, ...details } = parsed;
    // One call, one transaction: the details and the tags, or neither.
    const saved = await call(
      (api) => api.story.update({ storyId, ...details, tags: { fandom, character, relationship, freeform } }),
      {
        values,
        form: 'update',
        rename: (key) => key.replace(/^tags\./, ''),
      },
    );
    if (failed(saved)) return saved;
    return { form: 'update', message: 'Story details saved.' };
  },

  addCharacter: async (event) => {
    requireLogin();
    const f = await readForm();
    const name = f.text('name').trim();
    const color = f.text('color');
    const added = await call(
      (api) => api.story.addCharacter({ storyId: event.params.storyId, name, color }),
      { values: { name, color }, form: 'addCharacter' },
    );
    if (failed(added)) return added;
    return { form: 'characters', message: `${name} added.` };
  },

  updateCharacter: async (event) => {
    requireLogin();
    const f = await readForm();
    const characterId = f.text('characterId');
    const name = f.text('name').trim();
    const color = f.text('color');
    const saved = await call(
      (api) => api.story.updateCharacter({ storyId: event.params.storyId, characterId, name, color }),
      {
        values: { name, color },
        form: `character:${characterId}`,
      },
    );
    if (failed(saved)) return saved;
    return { form: 'characters', message: `${name} saved.` };
  },

  removeCharacter: async (event) => {
    requireLogin();
    const f = await readForm();
    const characterId = f.text('characterId');
    const removed = await call(
      (api) => api.story.removeCharacter({ storyId: event.params.storyId, characterId }),
      { form: `character:${characterId}` },
    );
    if (failed(removed)) return removed;
    return { form: 'characters', message: `${f.text('name') || 'The character'} removed.` };
  },

  publish: async (event) => {
    requireLogin();
    const done = await call((api) => api.story.publish({ storyId: event.params.storyId }), {
      form: 'publish',
    });
    if (failed(done)) return done;
    return {
      form: 'publish',
      message: 'The story is published: readers can find it and read its published chapters.',
    };
  },

  unpublish: async (event) => {
    requireLogin();
    const done = await call((api) => api.story.unpublish({ storyId: event.params.storyId }), {
      form: 'publish',
    });
    if (failed(done)) return done;
    return { form: 'publish', message: 'The story is private again; only its members can see it.' };
  },

  moveChapter: async (event) => {
    requireLogin();
    const f = await readForm();
    const chapterId = f.text('chapterId');
    const direction = f.text('direction') === 'up' ? 'up' : 'down';
    // The service works out the new order in one transaction.
    const moved = await call(
      (api) => api.chapter.move({ storyId: event.params.storyId, chapterId, direction }),
      { form: 'chapters' },
    );
    if (failed(moved)) return moved;
    if (moved.position === null) return { form: 'chapters', message: 'That chapter is already at the edge.' };
    return { form: 'chapters', message: `Moved to chapter ${moved.position}.`, moved: chapterId };
  },

  delete: async (event) => {
    requireLogin();
    const f = await readForm();
    if (f.text('confirm') !== 'yes')
      return refuse(
        'Tick the box to confirm that you want to delete this story.',
        { confirm: ['Tick to confirm.'] },
        { form: 'delete' },
      );
    const deleted = await call((api) => api.story.delete({ storyId: event.params.storyId }), {
      form: 'delete',
    });
    if (failed(deleted)) return deleted;
    redirect(303, '/write?deleted=1');
  },
};
