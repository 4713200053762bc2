// Browse: the one place that filters, sorts, pages and counts public stories (docs/reading.md,
// "Browse and filters"). The page hands it what the URL says and shows what comes back. With a
// search query, the page of hits is search's (ranked, with snippets) under the same filters; the
// counts beside each option always come from browseFacets over the same set.
import { type Database, Prisma } from '@margins/db';
import { browseFacets, type BrowseFacets } from './browse-facets';
import { searchStoriesPage, storyMatchesSql, type SearchHit } from './search-stories';
import {
  storyFilterSql,
  storyUpdatedSql,
  storyWordsSql,
  visibleStorySql,
  liveChapterSql,
  type StoryFilter,
} from './story-filter';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';

export const BROWSE_SORTS = [
  'updated',
  'published',
  'words',
  'verdicts',
  'reads',
  'bookmarks',
  'subscribers',
  'relevance',
] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

/**
 * A story's yay share sorts it only once it has this many verdicts (members' reviews and guests'
 * taps on its live chapters): below that, one early "yay" would put a story above one with 40 of
 * 45. Stories with fewer verdicts follow, by how many they have.
 */
export const VERDICT_SORT_MIN = 5;

export interface BrowseStoriesOptions extends StoryFilter {
  db: Database;
  now: Date;
  /** Search words; with them the default order is relevance. */
  query?: string | undefined;
  /** Without a query, `published` (newest first) unless asked; with one, `relevance`. */
  sort?: BrowseSort | undefined;
  /** Counts beside each option (one more query); off for lists that show none. */
  facets?: boolean | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export type BrowseStory = StorySummary & Partial<Pick<SearchHit, 'passage' | 'snippet'>>;

export interface BrowseResult {
  stories: BrowseStory[];
  nextOffset: number | null;
  /** How many stories match in all; null when facets were not asked for and no query was given. */
  total: number | null;
  facets: BrowseFacets | null;
  sort: BrowseSort;
}

/** A story's verdicts on live chapters, as `v` (yays, total), for the verdicts sort. */
const verdictsJoin = (now: Date) => Prisma.sql`CROSS JOIN LATERAL (
    SELECT coalesce(sum(cs.yays), 0) + coalesce(sum(g.yays), 0) AS yays,
           coalesce(sum(cs.yays + cs.nays), 0) + coalesce(sum(g.total), 0) AS total
    FROM "Chapter" c LEFT JOIN "ChapterStat" cs ON cs."chapterId" = c.id
    LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE gv.verdict = 'yay') AS yays, count(*) AS total
                       FROM "GuestVerdict" gv WHERE gv."chapterId" = c.id) g ON true
    WHERE c."storyId" = s.id AND ${liveChapterSql(now)}) v`;

// Per-story figures for sorting, each over live chapters only (a draft's reads or verdicts never
// move a story). Correlated subqueries: computed for the filtered stories only.
function sortKey(sort: Exclude<BrowseSort, 'relevance'>, now: Date): Prisma.Sql {
  const live = liveChapterSql(now);
  switch (sort) {
    case 'updated':
      return Prisma.sql`${storyUpdatedSql(now)} DESC`;
    case 'published':
      return Prisma.sql`s."publishedAt" DESC`;
    case 'words':
      return Prisma.sql`${storyWordsSql(now)} DESC`;
    case 'reads':
      return Prisma.sql`(SELECT coalesce(sum(cs.reads), 0) FROM "ChapterStat" cs JOIN "Chapter" c ON c.id = cs."chapterId"
        WHERE cs."storyId" = s.id AND ${live}) DESC`;
    case 'bookmarks':
      return Prisma.sql`(SELECT count(*) FROM "Bookmark" b WHERE b."storyId" = s.id) DESC`;
    case 'subscribers':
      return Prisma.sql`(SELECT count(*) FROM "Subscription" sub WHERE sub."storyId" = s.id AND sub."endedAt" IS NULL) DESC`;
    case 'verdicts':
      // The share when there are enough verdicts, else null (sorted last); then how many.
      return Prisma.sql`CASE WHEN v.total >= ${VERDICT_SORT_MIN} THEN v.yays::float8 / v.total END DESC NULLS LAST, v.total DESC`;
  }
}

export async function browseStories(options: BrowseStoriesOptions): Promise<BrowseResult> {
  const { db, now, offset = 0, limit = 20 } = options;
  const query = options.query?.trim() || undefined;
  const sort: BrowseSort =
    options.sort === 'relevance' && !query
      ? 'updated'
      : (options.sort ?? (query ? 'relevance' : 'published'));
  const facets = options.facets ? await browseFacets({ db, now, filter: options, query }) : null;

  if (query && sort === 'relevance') {
    const page = await searchStoriesPage({ ...options, query, offset, limit });
    const total = facets?.total ?? page.total;
    return {
      stories: page.hits,
      nextOffset: total > offset + page.hits.length ? offset + limit : null,
      total,
      facets,
      sort,
    };
  }

  const where = Prisma.sql`${visibleStorySql} AND ${storyFilterSql(options, now)} ${query ? Prisma.sql`AND ${storyMatchesSql(query, now)}` : Prisma.empty}`;
  const rows = await db.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT s.id FROM "Story" s ${sort === 'verdicts' ? verdictsJoin(now) : Prisma.empty} WHERE ${where}
    ORDER BY ${sortKey(sort as Exclude<BrowseSort, 'relevance'>, now)}, s."publishedAt" DESC, s.id
    LIMIT ${limit + 1} OFFSET ${offset}
  `);
  const ids = rows.slice(0, limit).map((r) => r.id);
  const found = ids.length
    ? await db.prisma.story.findMany({ where: { id: { in: ids } }, select: storySummarySelect })
    : [];
  const byId = new Map(found.map((s) => [s.id, s]));
  const stories = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toStorySummary(row, now)] : [];
  });
  return {
    stories,
    nextOffset: rows.length > limit ? offset + limit : null,
    total: facets?.total ?? null,
    facets,
    sort,
  };
}
