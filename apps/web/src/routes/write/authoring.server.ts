// Server helpers shared by the /write pages: the login guard, the story being edited, and
// reading form fields.
import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { ArchiveWarning, StoryCompletion, StoryRating } from '@margins/api/story-meta';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';

/** Every /write page calls this from its own load and actions; never only from a layout. */
export function requireUser(event: RequestEvent) {
  const user = event.locals.user;
  if (!user) redirect(303, '/login?next=' + encodeURIComponent(event.url.pathname));
  return user;
}

/** The story with its characters and every chapter (drafts included), for a member. */
export async function loadStoryForAuthor(event: RequestEvent, storyId: string) {
  const { story, chapters } = await (await api(event)).story.contents({ storyId }).catch(loadError);
  return { summary: story, story, chapters };
}

export const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** "Harry Potter, Hermione Granger" → ["Harry Potter", "Hermione Granger"], duplicates dropped. */
export function tagList(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

export type TagKind = 'fandom' | 'character' | 'relationship' | 'freeform';

export function tagsFrom(form: FormData): Record<TagKind, string[]> {
  return {
    fandom: tagList(text(form, 'fandom')),
    character: tagList(text(form, 'character')),
    relationship: tagList(text(form, 'relationship')),
    freeform: tagList(text(form, 'freeform')),
  };
}

/** Field messages for tags, checked here so a story is never half-created. */
export function tagErrors(tags: Record<TagKind, string[]>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const [kind, list] of Object.entries(tags)) {
    if (list.length > 50) errors[kind] = ['At most 50 tags.'];
    else if (list.some((t) => t.length > 100)) errors[kind] = ['Each tag can be at most 100 characters.'];
  }
  return errors;
}

/**
 * Rating, warnings, completion, chapter plan and language as the form sent them. The API
 * validates every value (zod), so the types here only pass them through; `values` refills the form.
 */
export function storyMetaFrom(form: FormData) {
  const expected = text(form, 'expectedChapters').trim();
  const values = {
    rating: text(form, 'rating'),
    warnings: form.getAll('warnings').map(String),
    completion: text(form, 'completion') || 'in_progress',
    expectedChapters: expected,
    language: text(form, 'language'),
  };
  const input = {
    rating: values.rating as StoryRating,
    warnings: values.warnings as ArchiveWarning[],
    completion: values.completion as StoryCompletion,
    // Not a whole number: sent as NaN so the API names the field.
    expectedChapters: expected === '' ? null : /^\d+$/.test(expected) ? Number(expected) : Number.NaN,
    language: values.language,
  };
  return { values, input };
}
