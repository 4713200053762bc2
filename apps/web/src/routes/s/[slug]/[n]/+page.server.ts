import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { params, url } = event;
  const n = Number(params.n);
  if (!/^[1-9][0-9]{0,5}$/.test(params.n)) error(404, { message: 'Chapter not found.' });
  const pov = url.searchParams.get('pov')?.trim() || undefined;
  const draft = url.searchParams.get('draft') === '1';
  const caller = await api(event);
  try {
    // Chapters are addressed by their place in the story; the API by id.
    const { story, chapters } = await caller.reading.toc({ slug: params.slug });
    const entry = chapters[n - 1];
    if (!entry) error(404, { message: 'Chapter not found.' });
    const reader = await caller.reading.chapter({
      chapterId: entry.id,
      povOnly: pov,
      draft: draft || undefined,
    });
    return {
      reader,
      storyCharacters: story.povCharacters.map((c) => ({ name: c.name, color: c.color })),
      chapterCount: chapters.length,
      draftRequested: draft,
    };
  } catch (e) {
    loadError(e);
  }
};
