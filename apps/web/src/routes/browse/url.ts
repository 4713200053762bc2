// The browse page's URL, both ways: every filter lives in the query string so a filtered list is
// a link (shareable, bookmarkable, and what the GET form submits without JavaScript). Names:
//   q                 search words
//   tag / xtag        include / exclude a tag: "kind:name" or a bare name (any kind); repeatable
//   tags / xtags      the same, typed as a comma-separated list ("Other tags to include")
//   pov / xpov        include / exclude a POV character; repeatable
//   rating / xrating, warning / xwarning   include / exclude; repeatable
//   character         a POV character or a character tag (the links on story pages)
//   status, lang, words_min, words_max, since (YYYY-MM-DD), sort, page
// A value that names no option (an old or mistyped link) is dropped rather than refused; bounds
// (how many tags, how long a name) are story.browse's input schema's to enforce.
import {
  ARCHIVE_WARNINGS,
  STORY_COMPLETIONS,
  STORY_RATINGS,
  canonicalLanguage,
} from '@margins/api/story-meta';
import { TAG_KINDS, type TagKind } from '../../lib/components/reading/format';

const SORTS = ['updated', 'published', 'words', 'verdicts', 'reads', 'bookmarks', 'subscribers', 'relevance'];

export const PAGE_SIZE = 12;

/** Browse opens on the latest updates, as the archives do; a search on its best matches. */
export function defaultSort(q: string): string {
  return q ? 'relevance' : 'updated';
}

export interface TagRef {
  kind?: TagKind;
  name: string;
}

export interface BrowseUrl {
  q: string;
  tags: TagRef[];
  xtags: TagRef[];
  povs: string[];
  xpovs: string[];
  ratings: string[];
  xratings: string[];
  warnings: string[];
  xwarnings: string[];
  character: string | null;
  status: string | null;
  lang: string | null;
  wordsMin: number | null;
  wordsMax: number | null;
  since: string | null;
  sort: string | null;
  page: number;
}

/** "freeform:Slow Burn" → {kind, name}; a name whose prefix is not a kind is all name. */
export function parseTagRef(raw: string): TagRef | null {
  const text = raw.trim();
  const at = text.indexOf(':');
  const kind = text.slice(0, at).trim() as TagKind;
  if (at > 0 && TAG_KINDS.includes(kind)) {
    const name = text.slice(at + 1).trim();
    return name ? { kind, name } : null;
  }
  return text ? { name: text } : null;
}

export function tagParam(ref: TagRef): string {
  return ref.kind ? `${ref.kind}:${ref.name}` : ref.name;
}

function unique<T>(list: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = key(x).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function whole(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw.replace(/[\s,]/g, ''));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function parseBrowseUrl(params: URLSearchParams): BrowseUrl {
  const all = (name: string) =>
    params
      .getAll(name)
      .map((v) => v.trim())
      .filter(Boolean);
  const refs = (one: string, list: string) =>
    unique(
      [...all(one), ...all(list).flatMap((v) => v.split(','))]
        .map(parseTagRef)
        .filter((r): r is TagRef => r !== null),
      (r) => tagParam(r),
    );
  const known = (name: string, options: readonly string[]) =>
    unique(all(name), (x) => x).filter((x) => options.includes(x));
  const page = Number(params.get('page') ?? 1);
  const since = params.get('since')?.trim() || null;
  const status = params.get('status')?.trim() ?? '';
  const sort = params.get('sort')?.trim() ?? '';
  const lang = params.get('lang')?.trim();
  return {
    q: params.get('q')?.trim().slice(0, 200) ?? '',
    tags: refs('tag', 'tags'),
    xtags: refs('xtag', 'xtags'),
    povs: unique(all('pov'), (x) => x),
    xpovs: unique(all('xpov'), (x) => x),
    ratings: known('rating', STORY_RATINGS),
    xratings: known('xrating', STORY_RATINGS),
    warnings: known('warning', ARCHIVE_WARNINGS),
    xwarnings: known('xwarning', ARCHIVE_WARNINGS),
    character: params.get('character')?.trim().slice(0, 60) || null,
    status: (STORY_COMPLETIONS as readonly string[]).includes(status) ? status : null,
    lang: lang ? canonicalLanguage(lang) : null,
    wordsMin: whole(params.get('words_min')),
    wordsMax: whole(params.get('words_max')),
    since: since && /^\d{4}-\d{2}-\d{2}$/.test(since) && !Number.isNaN(Date.parse(since)) ? since : null,
    sort: SORTS.includes(sort) ? sort : null,
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
  };
}

/**
 * The query string without empty fields, so a GET form's submission (which sends every field)
 * becomes the short link a reader would share; null when it is already that.
 */
export function tidyQuery(params: URLSearchParams): string | null {
  const sortByDefault = params.get('sort') === defaultSort(params.get('q')?.trim() ?? '');
  const kept = [...params].filter(([k, v]) => v.trim() !== '' && !(k === 'sort' && sortByDefault));
  if (kept.length === [...params].length) return null;
  return new URLSearchParams(kept).toString();
}

/** The same URL with one value of `name` removed (or all of them, without `value`). */
export function withoutParam(params: URLSearchParams, name: string, value?: string): string {
  const next = new URLSearchParams(
    [...params].filter(([k, v]) => !(k === name && (value === undefined || v === value)) && k !== 'page'),
  );
  const qs = next.toString();
  return qs ? `/browse?${qs}` : '/browse';
}

export function withPage(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams([...params].filter(([k]) => k !== 'page'));
  if (page > 1) next.set('page', String(page));
  const qs = next.toString();
  return qs ? `/browse?${qs}` : '/browse';
}
