import type { Database, Prisma } from '@margins/db';
import { publicStoryWhere, storySummarySelect, toStorySummary, type StorySummary, type TagKind } from './story-summary';

export interface BrowseStoriesOptions {
  db: Database;
  now: Date;
  tag?: { kind: TagKind; name: string };
  /** A POV character's name, or a character tag. */
  character?: string;
  offset?: number;
  limit?: number;
}

/** Public stories, most recently published first, optionally by tag or character. */
export async function browseStories(options: BrowseStoriesOptions): Promise<{ stories: StorySummary[]; nextOffset: number | null }> {
  const { db, now, tag, character, offset = 0, limit = 20 } = options;
  const filters: Prisma.StoryWhereInput[] = [publicStoryWhere];
  if (tag) filters.push({ tags: { some: { tag: { kind: tag.kind, name: { equals: tag.name, mode: 'insensitive' } } } } });
  if (character) {
    filters.push({
      OR: [
        { characters: { some: { name: { equals: character, mode: 'insensitive' } } } },
        { tags: { some: { tag: { kind: 'character', name: { equals: character, mode: 'insensitive' } } } } },
      ],
    });
  }
  const rows = await db.prisma.story.findMany({
    where: { AND: filters },
    select: storySummarySelect,
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
    skip: offset,
    take: limit + 1,
  });
  return {
    stories: rows.slice(0, limit).map((r) => toStorySummary(r, now)),
    nextOffset: rows.length > limit ? offset + limit : null,
  };
}
