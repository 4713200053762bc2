import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { TAG_KINDS, type TagKind } from '$lib/components/reading/format';
import type { StorySummary } from '$lib/components/reading/types';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 12;
/** story.search has no offset: we page through its (at most 50) best hits here. */
const SEARCH_LIMIT = 50;

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
    let stories: StorySummary[];
    let hasNext: boolean;
    if (q) {
      // Search cannot filter by tag or character itself; the summaries carry both, so we do.
      const hits = (await caller.story.search({ query: q, limit: SEARCH_LIMIT })).filter(
        (s) =>
          (!tag || s.tags[tag.kind].some((n) => n.toLowerCase() === tag.name.toLowerCase())) &&
          (!character ||
            [...s.characters.map((c) => c.name), ...s.tags.character].some(
              (n) => n.toLowerCase() === character.toLowerCase(),
            )),
      );
      stories = hits.slice(offset, offset + PAGE_SIZE);
      hasNext = hits.length > offset + PAGE_SIZE;
    } else {
      const result = await caller.story.browse({ tag, character, offset, limit: PAGE_SIZE });
      stories = result.stories;
      hasNext = result.nextOffset !== null;
    }
    return { q, tag: tag ?? null, character: character ?? null, page, hasNext, stories };
  } catch (e) {
    loadError(e);
  }
};
