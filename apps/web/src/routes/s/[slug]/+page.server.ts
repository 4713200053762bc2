import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** Beyond this many chapters the per-POV word counts are left out (one call per chapter). */
const POV_WORDS_MAX_CHAPTERS = 60;

export const load: PageServerLoad = async (event) => {
  const caller = await api(event);
  try {
    const { story, chapters } = await caller.reading.toc({ slug: event.params.slug });
    // The table of contents says which POVs narrate a chapter but not their words; the reader
    // view of each chapter does (its legend). Until the API sums them, we do it here.
    let povWords: { name: string; color: string; wordCount: number }[] | null = null;
    const live = chapters.filter((c) => c.live);
    if (live.length <= POV_WORDS_MAX_CHAPTERS) {
      const legends = await Promise.all(
        live.map((c) => caller.reading.chapter({ chapterId: c.id }).then((r) => r.legend)),
      );
      const totals = new Map<string, number>();
      for (const entry of legends.flat())
        totals.set(entry.name, (totals.get(entry.name) ?? 0) + entry.wordCount);
      povWords = story.povCharacters.map((c) => ({
        name: c.name,
        color: c.color,
        wordCount: totals.get(c.name) ?? 0,
      }));
    }
    // The readers' verdict across the story ("82% yay from 11 reviews") and aspect averages.
    const reviews = await caller.review.storySummary({ storyId: story.id }).catch(() => null);
    // Authors do not subscribe to their own story: no buttons for members.
    const [follow, shelf] =
      event.locals.user && !story.myRole
        ? await Promise.all([
            caller.follow.status({ storyId: story.id }),
            caller.library.bookmark({ storyId: story.id }),
          ])
        : [null, null];
    // "Part 2 of …" with the previous and next work (docs/reading.md, Series).
    const series = await caller.series.ofStory({ storyId: story.id });
    return { story, chapters, povWords, reviews, follow, shelf, series, loggedIn: !!event.locals.user };
  } catch (e) {
    loadError(e);
  }
};

export const actions: Actions = {
  /** To the site's administrators (docs/admin.md), e.g. a story that breaks the site's rules. */
  report: async (event) => {
    requireLogin(`/s/${encodeURIComponent(event.params.slug)}`);
    const reason = (await readForm()).text('reason');
    const caller = await api(event);
    const { story } = await caller.reading.toc({ slug: event.params.slug }).catch(loadError);
    return act((api) => api.moderation.report({ targetType: 'story', targetId: story.id, reason }), {
      form: 'report',
      message: 'Reported.',
    });
  },
};
