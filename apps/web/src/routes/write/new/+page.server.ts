import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import { requireUser, storyMetaFrom, tagErrors, tagsFrom, text } from '../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireUser(event);
};

const COLOR = /^#[0-9a-f]{6}$/i;

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const title = text(form, 'title').trim();
    const summary = text(form, 'summary').trim();
    const tags = tagsFrom(form);
    const names = form.getAll('charName').map((v) => String(v).trim());
    const colors = form.getAll('charColor').map(String);
    const rows = names.map((name, i) => ({ name, color: colors[i] ?? '#1f6feb' }));
    const meta = storyMetaFrom(form);
    const values = {
      title,
      summary,
      ...meta.values,
      fandom: text(form, 'fandom'),
      character: text(form, 'character'),
      relationship: text(form, 'relationship'),
      freeform: text(form, 'freeform'),
      characters: rows,
    };

    // Checked up front, so every field's message shows at once.
    const fieldErrors: Record<string, string[]> = tagErrors(tags);
    if (!title) fieldErrors.title = ['Give it a title.'];
    else if (title.length > 200) fieldErrors.title = ['At most 200 characters.'];
    if (summary.length > 4000) fieldErrors.summary = ['At most 4000 characters.'];
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      if (!r.name) return;
      if (r.name.length > 60) fieldErrors[`characters.${i}.name`] = ['At most 60 characters.'];
      else if (seen.has(r.name.toLowerCase())) fieldErrors[`characters.${i}.name`] = ['Another character has this name.'];
      if (!COLOR.test(r.color)) fieldErrors[`characters.${i}.color`] = ['Use a colour like #1f6feb.'];
      seen.add(r.name.toLowerCase());
    });
    if (Object.keys(fieldErrors).length) {
      return fail(400, { message: 'Please check the highlighted fields.', fieldErrors, problems: [], retryAfterSeconds: null, values });
    }

    let storyId: string;
    try {
      // One call, one transaction: the story, its tags and its characters, or nothing.
      const characters = rows.filter((r) => r.name).map((r) => ({ name: r.name, color: r.color }));
      ({ id: storyId } = await (await api(event)).story.create({ title, summary, ...meta.input, tags, characters }));
    } catch (e) {
      return actionFailure(e, values);
    }
    redirect(303, `/write/${storyId}?created=1`);
  },
};
