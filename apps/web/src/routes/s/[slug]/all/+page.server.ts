import { api } from '$lib/server/api';
import { requireAdultConfirmation } from '$lib/server/adult-gate';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

/** The whole work on one page; `?pov=Name` follows one character across every chapter. */
export const load: PageServerLoad = async (event) => {
  const { params, url } = event;
  const pov = url.searchParams.get('pov')?.trim() || undefined;
  const caller = await api(event);
  try {
    // The rating first: a reader who must confirm is sent to ask before any text is read.
    requireAdultConfirmation(event, await caller.story.bySlug({ slug: params.slug }));
    const work = await caller.reading.work({ slug: params.slug, povOnly: pov });
    return {
      work: {
        ...work,
        // The page renders each passage's HTML; its plain text would double the page's data.
        chapters: work.chapters.map((c) => ({
          ...c,
          segments: c.segments.map((s) => ({ ...s, passages: s.passages.map(({ text: _text, ...p }) => p) })),
        })),
      },
    };
  } catch (e) {
    loadError(e);
  }
};
