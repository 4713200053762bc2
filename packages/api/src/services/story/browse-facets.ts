// The counts beside each filter option, as Archive of Our Own's sidebar: how many of the stories
// that match now have each rating, warning, status, language, tag and POV character. One query:
// the matching set once (public stories, live chapters' words), then one grouped count per facet,
// each bounded (the most common tags and characters only), so a page costs the same however many
// options exist. A private story or a draft never enters the set, so it is never counted.
import { type Database, Prisma } from '@margins/db';
import type { ArchiveWarning, StoryCompletion, StoryRating } from '../../story-meta';
import { storyMatchesSql } from './search-stories';
import { storyFilterSql, visibleStorySql, type StoryFilter, type TagRef } from './story-filter';
import type { TagKind } from './story-summary';

/** Per tag kind and for POV characters: the most common options listed. */
export const FACET_TOP = 10;
const LANGUAGES_TOP = 20;

export interface FacetCount<K extends string = string> {
  key: K;
  n: number;
}

export interface BrowseFacets {
  total: number;
  ratings: FacetCount<StoryRating>[];
  warnings: FacetCount<ArchiveWarning>[];
  completion: FacetCount<StoryCompletion>[];
  languages: FacetCount[];
  tags: Record<TagKind, FacetCount[]>;
  povs: FacetCount[];
}

interface Row {
  facet: 'total' | 'rating' | 'warning' | 'completion' | 'language' | 'tag' | 'pov';
  kind: TagKind | null;
  key: string;
  n: number;
}

export async function browseFacets(options: {
  db: Database;
  now: Date;
  filter: StoryFilter;
  query?: string | undefined;
}): Promise<BrowseFacets> {
  const { db, now, filter, query } = options;
  const rows = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    WITH f AS MATERIALIZED (
      SELECT s.id, s.rating, s.warnings, s.completion, s.language FROM "Story" s
      WHERE ${visibleStorySql} AND ${storyFilterSql(filter, now)} ${query ? Prisma.sql`AND ${storyMatchesSql(query, now)}` : Prisma.empty}
    )
    SELECT 'total' AS facet, NULL AS kind, '' AS key, count(*)::int AS n FROM f
    UNION ALL SELECT 'rating', NULL, f.rating::text, count(*)::int FROM f GROUP BY f.rating
    UNION ALL SELECT 'warning', NULL, w::text, count(*)::int FROM f CROSS JOIN unnest(f.warnings) w GROUP BY w
    UNION ALL SELECT 'completion', NULL, f.completion::text, count(*)::int FROM f GROUP BY f.completion
    UNION ALL (SELECT 'language', NULL, f.language, count(*)::int FROM f GROUP BY f.language ORDER BY count(*) DESC, f.language LIMIT ${LANGUAGES_TOP})
    UNION ALL SELECT 'tag', x.kind, x.name, x.n FROM (
      SELECT t.kind::text AS kind, t.name, count(*)::int AS n,
             row_number() OVER (PARTITION BY t.kind ORDER BY count(*) DESC, t.name) AS rn
      FROM f JOIN "StoryTag" st ON st."storyId" = f.id JOIN "Tag" t ON t.id = st."tagId"
      GROUP BY t.kind, t.name
    ) x WHERE x.rn <= ${FACET_TOP}
    -- POV characters are per story: the same name in two stories is one option.
    UNION ALL (SELECT 'pov', NULL, min(pc.name), count(DISTINCT f.id)::int FROM f JOIN "PovCharacter" pc ON pc."storyId" = f.id
      GROUP BY lower(pc.name) ORDER BY count(DISTINCT f.id) DESC, lower(pc.name) LIMIT ${FACET_TOP})
  `);
  const out: BrowseFacets = {
    total: 0,
    ratings: [],
    warnings: [],
    completion: [],
    languages: [],
    tags: { fandom: [], character: [], relationship: [], freeform: [] },
    povs: [],
  };
  for (const r of rows) {
    if (r.facet === 'total') out.total = r.n;
    else if (r.facet === 'rating') out.ratings.push({ key: r.key as StoryRating, n: r.n });
    else if (r.facet === 'warning') out.warnings.push({ key: r.key as ArchiveWarning, n: r.n });
    else if (r.facet === 'completion') out.completion.push({ key: r.key as StoryCompletion, n: r.n });
    else if (r.facet === 'language') out.languages.push({ key: r.key, n: r.n });
    else if (r.facet === 'tag' && r.kind) out.tags[r.kind].push({ key: r.key, n: r.n });
    else if (r.facet === 'pov') out.povs.push({ key: r.key, n: r.n });
  }
  // Most common first, then by name: the same order whichever plan grouped them.
  for (const list of [
    out.ratings,
    out.warnings,
    out.completion,
    out.languages,
    out.povs,
    ...Object.values(out.tags),
  ]) {
    list.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  }
  addChosen(out, filter);
  return out;
}

// An option the reader chose stays listed (so it can be unticked) even when it is not among the
// most common: every story shown has an included one, and none has an excluded one.
function addChosen(out: BrowseFacets, filter: StoryFilter): void {
  const add = (list: FacetCount[], key: string, n: number) => {
    if (!list.some((x) => x.key.toLowerCase() === key.toLowerCase())) list.push({ key, n });
  };
  const tagList = (ref: TagRef) => (ref.kind ? [out.tags[ref.kind]] : []);
  for (const ref of filter.include?.tags ?? [])
    for (const list of tagList(ref)) add(list, ref.name, out.total);
  for (const ref of filter.exclude?.tags ?? []) for (const list of tagList(ref)) add(list, ref.name, 0);
  for (const name of filter.include?.povs ?? []) add(out.povs, name, out.total);
  for (const name of filter.exclude?.povs ?? []) add(out.povs, name, 0);
}
