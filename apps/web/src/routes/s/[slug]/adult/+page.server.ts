import { api } from '$lib/server/api';
import { mustConfirmAdult, rememberAdultConfirmation, storyNext } from '$lib/server/adult-gate';
import { loadError } from '$lib/server/errors';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** "This work could have adult content. Proceed?" — before a Mature or Explicit story's text. */
export const load: PageServerLoad = async (event) => {
  const story = await (await api(event)).story.bySlug({ slug: event.params.slug }).catch(loadError);
  return {
    story: {
      slug: story.slug,
      title: story.title,
      authors: story.authors,
      rating: story.rating,
      warnings: story.warnings,
      completion: story.completion,
      expectedChapters: story.expectedChapters,
      language: story.language,
      chapterProgress: story.chapterProgress,
      wordCount: story.wordCount,
    },
    next: storyNext(story.slug, event.url.searchParams.get('next')),
    // Signed in, confirmed already, or not a Mature/Explicit story: nothing to ask.
    asked: mustConfirmAdult(event, story),
  };
};

export const actions: Actions = {
  /** A plain form post (no JavaScript needed): remember the answer, go back to the text. */
  default: async (event) => {
    const form = await event.request.formData();
    const next = form.get('next');
    rememberAdultConfirmation(event);
    redirect(303, storyNext(event.params.slug, typeof next === 'string' ? next : null));
  },
};
