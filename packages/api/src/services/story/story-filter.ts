// Story filters as SQL over a story aliased `s`, so search applies them in the same query that
// ranks and counts (a filter applied after the LIMIT would page and count wrongly).
import { Prisma } from '@margins/db';
import type { StoryRating } from '../../story-meta';
import type { TagKind } from './story-summary';

export interface StoryFilter {
  tag?: { kind: TagKind; name: string } | undefined;
  /** A POV character's name, or a character tag. */
  character?: string | undefined;
  /** Only stories with one of these ratings. */
  ratings?: StoryRating[] | undefined;
}

export function storyFilterSql(filter: StoryFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.tag) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId"
      WHERE st."storyId" = s.id AND t.kind = ${filter.tag.kind}::"TagKind" AND lower(t.name) = lower(${filter.tag.name}))`);
  }
  if (filter.character) {
    parts.push(Prisma.sql`(EXISTS (SELECT 1 FROM "PovCharacter" pc WHERE pc."storyId" = s.id AND lower(pc.name) = lower(${filter.character}))
      OR EXISTS (SELECT 1 FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId"
        WHERE st."storyId" = s.id AND t.kind = 'character' AND lower(t.name) = lower(${filter.character})))`);
  }
  if (filter.ratings?.length) {
    parts.push(Prisma.sql`s.rating::text IN (${Prisma.join(filter.ratings)})`);
  }
  return Prisma.join(parts, ' AND ');
}
