// Reads the filters from the URL and asks story.browse once: it filters, sorts, pages and counts.
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';
import { PAGE_SIZE, defaultSort, parseBrowseUrl, tidyQuery, type BrowseUrl } from './url';

type Caller = Awaited<ReturnType<typeof api>>;
type BrowseInput = Parameters<Caller['story']['browse']>[0];

function choice(tags: BrowseUrl['tags'], povs: string[], ratings: string[], warnings: string[]) {
  if (!tags.length && !povs.length && !ratings.length && !warnings.length) return undefined;
  return { tags, povs, ratings, warnings } as NonNullable<BrowseInput['include']>;
}

function toInput(u: BrowseUrl): BrowseInput {
  return {
    query: u.q || undefined,
    include: choice(u.tags, u.povs, u.ratings, u.warnings),
    exclude: choice(u.xtags, u.xpovs, u.xratings, u.xwarnings),
    character: u.character ?? undefined,
    completion: (u.status ?? undefined) as BrowseInput['completion'],
    language: u.lang ?? undefined,
    words:
      u.wordsMin !== null || u.wordsMax !== null
        ? { min: u.wordsMin ?? undefined, max: u.wordsMax ?? undefined }
        : undefined,
    updatedSince: u.since ? new Date(`${u.since}T00:00:00Z`) : undefined,
    sort: (u.sort ?? defaultSort(u.q)) as BrowseInput['sort'],
    facets: true,
    offset: (u.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

export const load: PageServerLoad = async (event) => {
  const tidy = tidyQuery(event.url.searchParams);
  if (tidy !== null) redirect(303, tidy ? `/browse?${tidy}` : '/browse');
  const filters = parseBrowseUrl(event.url.searchParams);
  const caller = await api(event);
  try {
    const result = await caller.story.browse(toInput(filters));
    return { filters, ...result, hasNext: result.nextOffset !== null };
  } catch (e) {
    loadError(e);
  }
};
