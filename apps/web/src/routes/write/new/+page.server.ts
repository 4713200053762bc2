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
    const rowOf = (key: string) => key.replace(/^characters\.(\d+)/, (_, k: string) => `characters.${named[Number(k)]?.row ?? k}`);

    // Checked up front with the API's schemas: the story, its tags and its characters are separate API calls.
    const input = parse(newStory, { ...story.input, characters: named.map(({ name, color }) => ({ name, color })) }, { values, rename: rowOf });
    if (failed(input)) return input;
    const { fandom, character, relationship, freeform, characters, ...fields } = input;

    const created = await call((api) => api.story.create(fields), { values });
    if (failed(created)) return created;
    const storyId = created.id;
    const rest = await call(async (api) => {
      await api.story.setTags({ storyId, fandom, character, relationship, freeform });
      for (const r of characters) await api.story.addCharacter({ storyId, name: r.name, color: r.color });
    }, { values });
    if (failed(rest)) {
      // Never leave a half-made story behind: the author resubmits the whole form.
      await call((api) => api.story.delete({ storyId }).catch(() => undefined));
      return rest;
    }
    redirect(303, `/write/${storyId}?created=1`);
  },
};
