// Server helpers shared by the /write pages: the story being edited (story.contents, for its
// members) and the story form's fields.
import type { RequestEvent } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { Fields } from '$lib/server/fields';

/** The story with its characters and every chapter (drafts included), for a member. */
export async function loadStoryForAuthor(event: RequestEvent, storyId: string) {
  const { story, chapters } = await (await api(event)).story.contents({ storyId }).catch(loadError);
  return { summary: story, story, chapters };
}

/**
 * The story form (new and edit pages): `values` refill the form as typed; `input` is what the
 * API's schemas (@margins/api/inputs) judge, so a bad value is named at its field.
 */
export function storyForm(f: Fields) {
  const expected = f.text('expectedChapters').trim();
  const values = {
    title: f.text('title').trim(),
    summary: f.text('summary').trim(),
    rating: f.text('rating'),
    warnings: f.all('warnings'),
    completion: f.text('completion') || 'in_progress',
    expectedChapters: expected,
    language: f.text('language'),
    fandom: f.text('fandom'),
    character: f.text('character'),
    relationship: f.text('relationship'),
    freeform: f.text('freeform'),
  };
  const input = {
    title: values.title,
    summary: values.summary,
    rating: values.rating,
    warnings: values.warnings,
    completion: values.completion,
    // Not a whole number: NaN, so the schema names the field.
    expectedChapters: expected === '' ? null : /^\d+$/.test(expected) ? Number(expected) : Number.NaN,
    language: values.language,
    fandom: f.list('fandom'),
    character: f.list('character'),
    relationship: f.list('relationship'),
    freeform: f.list('freeform'),
  };
  return { values, input };
}
