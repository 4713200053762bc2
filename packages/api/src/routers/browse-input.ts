// What story.browse accepts: every filter of the browse page's URL, each bounded (at most 20 tags
// and 10 POV characters each way, 50 stories a page), so one request's SQL stays bounded.
import { z } from 'zod';
import { ARCHIVE_WARNINGS, STORY_COMPLETIONS, STORY_RATINGS } from '../story-meta';
import { BROWSE_SORTS } from '../services/story/browse-stories';
import { characterName, storyMeta } from './schemas';

const tagKind = z.enum(['fandom', 'character', 'relationship', 'freeform']);
const tagName = z.string().trim().min(1).max(100);
export const tagRef = z.object({ kind: tagKind.optional(), name: tagName });

const facetChoice = z
  .object({
    tags: z.array(tagRef).max(20).optional(),
    povs: z.array(characterName).max(10).optional(),
    ratings: z.array(z.enum(STORY_RATINGS)).max(STORY_RATINGS.length).optional(),
    warnings: z.array(z.enum(ARCHIVE_WARNINGS)).max(ARCHIVE_WARNINGS.length).optional(),
  })
  .strict();

const wordBound = z.number().int().min(0).max(100_000_000);

export const browseInput = z.object({
  query: z.string().trim().max(200).optional(),
  tag: z.object({ kind: tagKind, name: tagName }).optional(),
  character: characterName.optional(),
  ratings: z.array(z.enum(STORY_RATINGS)).max(STORY_RATINGS.length).optional(),
  include: facetChoice.optional(),
  exclude: facetChoice.optional(),
  completion: z.enum(STORY_COMPLETIONS).optional(),
  language: storyMeta.language.optional(),
  words: z.object({ min: wordBound.optional(), max: wordBound.optional() }).strict().optional(),
  updatedSince: z.coerce.date().optional(),
  sort: z.enum(BROWSE_SORTS).optional(),
  facets: z.boolean().default(false),
  offset: z.number().int().min(0).max(10_000).default(0),
  limit: z.number().int().min(1).max(50).default(20),
});
export type BrowseInput = z.input<typeof browseInput>;
