// Story filters as SQL over a story aliased `s`, so browse and search apply them in the same query
// that ranks, sorts, pages and counts (a filter applied after the LIMIT would page and count
// wrongly). Every figure a filter reads (words, last update) is over live chapters only, so a
// draft never moves a story in or out of a result, nor into a count.
import { Prisma } from '@margins/db';
import type { ArchiveWarning, StoryCompletion, StoryRating } from '../../story-meta';
import type { TagKind } from './story-summary';

/** A tag by name; without a kind it matches that name in any kind. Names match case-insensitively. */
export interface TagRef {
  kind?: TagKind | undefined;
  name: string;
}

/** What a reader includes (a story must have all of it; ratings: any one) or excludes (none of it). */
export interface FacetChoice {
  tags?: TagRef[] | undefined;
  /** POV characters, by name. */
  povs?: string[] | undefined;
  ratings?: StoryRating[] | undefined;
  warnings?: ArchiveWarning[] | undefined;
}

export interface StoryFilter {
  tag?: { kind: TagKind; name: string } | undefined;
  /** A POV character's name, or a character tag. */
  character?: string | undefined;
  /** Only stories with one of these ratings. */
  ratings?: StoryRating[] | undefined;
  include?: FacetChoice | undefined;
  exclude?: FacetChoice | undefined;
  completion?: StoryCompletion | undefined;
  /** A canonical BCP 47 tag ("en", "pt-BR"). */
  language?: string | undefined;
  /** Words in live chapters, inclusive bounds. */
  words?: { min?: number | undefined; max?: number | undefined } | undefined;
  /** Stories whose last update (see storyUpdatedSql) is at or after this. */
  updatedSince?: Date | undefined;
}

// Rules shared with services/access.ts (isStoryPublic, isChapterLive), in SQL.
export const visibleStorySql = Prisma.sql`s.visibility = 'public' AND s."publishedAt" IS NOT NULL AND s."hiddenAt" IS NULL`;
export const liveChapterSql = (now: Date, c = Prisma.raw('c')) =>
  Prisma.sql`${c}."publishedRevisionId" IS NOT NULL AND (${c}.status = 'published' OR (${c}.status = 'scheduled' AND ${c}."publishAt" <= ${now}))`;

/** Words of the story's live chapters (published revisions only). */
export const storyWordsSql = (
  now: Date,
) => Prisma.sql`(SELECT coalesce(sum(r."wordCount"), 0)::int FROM "Chapter" c
  JOIN "ChapterRevision" r ON r.id = c."publishedRevisionId" WHERE c."storyId" = s.id AND ${liveChapterSql(now)})`;

/**
 * When the story last changed for a reader, as the archives' "Date Updated": the latest of its
 * publication and its live chapters' release (a scheduled chapter's time once it is due). An
 * edit to a draft, or the author's settings, never moves it.
 */
export const storyUpdatedSql = (
  now: Date,
) => Prisma.sql`greatest(s."publishedAt", (SELECT max(CASE WHEN c.status = 'scheduled' THEN c."publishAt" ELSE c."publishedAt" END)
  FROM "Chapter" c WHERE c."storyId" = s.id AND ${liveChapterSql(now)}))`;

const hasTag = (
  ref: TagRef,
) => Prisma.sql`EXISTS (SELECT 1 FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId"
  WHERE st."storyId" = s.id ${ref.kind ? Prisma.sql`AND t.kind = ${ref.kind}::"TagKind"` : Prisma.empty} AND lower(t.name) = lower(${ref.name}))`;
const hasPov = (name: string) =>
  Prisma.sql`EXISTS (SELECT 1 FROM "PovCharacter" pc WHERE pc."storyId" = s.id AND lower(pc.name) = lower(${name}))`;
const warningArray = (warnings: ArchiveWarning[]) =>
  Prisma.sql`ARRAY[${Prisma.join(warnings)}]::"ArchiveWarning"[]`;

export function storyFilterSql(filter: StoryFilter, now: Date = new Date()): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.tag) parts.push(hasTag(filter.tag));
  if (filter.character) {
    parts.push(
      Prisma.sql`(${hasPov(filter.character)} OR ${hasTag({ kind: 'character', name: filter.character })})`,
    );
  }
  if (filter.ratings?.length) {
    parts.push(Prisma.sql`s.rating::text IN (${Prisma.join(filter.ratings)})`);
  }
  const { include = {}, exclude = {} } = filter;
  for (const ref of include.tags ?? []) parts.push(hasTag(ref));
  for (const ref of exclude.tags ?? []) parts.push(Prisma.sql`NOT ${hasTag(ref)}`);
  for (const name of include.povs ?? []) parts.push(hasPov(name));
  for (const name of exclude.povs ?? []) parts.push(Prisma.sql`NOT ${hasPov(name)}`);
  // A story has one rating: including several means any of them.
  if (include.ratings?.length) parts.push(Prisma.sql`s.rating::text IN (${Prisma.join(include.ratings)})`);
  if (exclude.ratings?.length)
    parts.push(Prisma.sql`s.rating::text NOT IN (${Prisma.join(exclude.ratings)})`);
  // Array containment and overlap use the GIN index on warnings.
  if (include.warnings?.length) parts.push(Prisma.sql`s.warnings @> ${warningArray(include.warnings)}`);
  if (exclude.warnings?.length) parts.push(Prisma.sql`NOT (s.warnings && ${warningArray(exclude.warnings)})`);
  if (filter.completion) parts.push(Prisma.sql`s.completion = ${filter.completion}::"StoryCompletion"`);
  if (filter.language) parts.push(Prisma.sql`s.language = ${filter.language}`);
  const { min, max } = filter.words ?? {};
  if (min !== undefined || max !== undefined) {
    parts.push(Prisma.sql`${storyWordsSql(now)} BETWEEN ${min ?? 0} AND ${max ?? 2_147_483_647}`);
  }
  if (filter.updatedSince) parts.push(Prisma.sql`${storyUpdatedSql(now)} >= ${filter.updatedSince}`);
  return Prisma.join(parts, ' AND ');
}
