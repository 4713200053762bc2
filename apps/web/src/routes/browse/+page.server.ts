import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { TAG_KINDS, type TagKind } from '$lib/components/reading/format';
import type { SearchHit, StorySummary } from '$lib/components/reading/types';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 12;
type SearchMatch = Pick<SearchHit, 'passage' | 'snippet'>;

function parseTag(raw: string | null): { kind: TagKind; name: string } | undefined {
  if (!raw) return undefined;
  const at = raw.indexOf(':');
  const kind = raw.slice(0, at) as TagKind;
  const name = raw.slice(at + 1).trim();
  if (at < 0 || !TAG_KINDS.includes(kind) || !name)
    error(400, { message: `“${raw}” is not a tag. Tags look like freeform:Slow Burn.` });
  return { kind, name };
}

function pageNumber(raw: string | null): number {
  const n = Number(raw ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 1;
}

export const load: PageServerLoad = async (event) => {
  const { searchParams } = event.url;
  const q = searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const tag = parseTag(searchParams.get('tag'));
  const character = searchParams.get('character')?.trim().slice(0, 60) || undefined;
  const page = pageNumber(searchParams.get('page'));
  const offset = (page - 1) * PAGE_SIZE;
  const caller = await api(event);

  try {
    if (q) {
      // Search ranks, filters and counts in one query; it pages by offset like browse.
      const found = await caller.story.find({ query: q, tag, character, offset, limit: PAGE_SIZE });
      const hasNext = found.total > offset + found.hits.length;
      return { q, tag: tag ?? null, character: character ?? null, page, hasNext, total: found.total, stories: found.hits };
    }
    const result = await caller.story.browse({ tag, character, offset, limit: PAGE_SIZE });
    const stories: (StorySummary & Partial<SearchMatch>)[] = result.stories;
    return { q, tag: tag ?? null, character: character ?? null, page, hasNext: result.nextOffset !== null, total: null, stories };
  } catch (e) {
    loadError(e);
  }
};
