import { redirect } from '@sveltejs/kit';
import { newStory } from '@margins/api/inputs';
import { call, failed, parse, readForm, requireLogin } from '$lib/server/forms';
import { storyForm } from '../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
  requireLogin();
};

export const actions: Actions = {
  default: async () => {
    requireLogin();
    const f = await readForm();
    const story = storyForm(f);
    const colors = f.all('charColor');
    const rows = f.all('charName').map((name, i) => ({ name: name.trim(), color: colors[i] ?? '#1f6feb' }));
    const values = { ...story.values, characters: rows };
    // Blank rows are skipped; a message about the k-th named character goes to its form row.
    const named = rows.flatMap((r, row) => (r.name ? [{ ...r, row }] : []));
    // The API nests the tags (`tags.fandom`); the form has them at the top.
    const rowOf = (key: string) =>
      key
        .replace(/^tags\./, '')
        .replace(/^characters\.(\d+)/, (_, k: string) => `characters.${named[Number(k)]?.row ?? k}`);

    // Checked up front with the API's schemas, so every field's message shows at once.
    const input = parse(
      newStory,
      { ...story.input, characters: named.map(({ name, color }) => ({ name, color })) },
      { values, rename: rowOf },
    );
    if (failed(input)) return input;
    const { fandom, character, relationship, freeform, characters, ...fields } = input;

    // One call, one transaction: the story, its tags and its characters, or nothing.
    const created = await call(
      (api) =>
        api.story.create({ ...fields, tags: { fandom, character, relationship, freeform }, characters }),
      { values, rename: rowOf },
    );
    if (failed(created)) return created;
    const storyId = created.id;
    redirect(303, `/write/${storyId}?created=1`);
  },
};
