// What the story procedures accept. The web app's story forms parse with these same schemas
// (@margins/api/inputs) before they call, so a limit such as 200 characters of title or 50 tags
// is written here once, with the message the form shows next to its field.
import { z } from 'zod';
import { characterName, color, id, storyMeta, title } from './common';

export const summary = z.string().trim().max(4000, 'At most 4000 characters.');
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens.')
  .max(80);
export const tagList = z
  .array(z.string().trim().min(1).max(100, 'Each tag can be at most 100 characters.'))
  .max(50, 'At most 50 tags.');
export const tagKind = z.enum(['fandom', 'character', 'relationship', 'freeform']);
export type TagKind = z.infer<typeof tagKind>;
export const aliases = z.array(characterName).max(20);

/** Rating, warnings, completion, chapter plan, language: each optional (the story keeps or defaults it). */
export const storyMetaFields = {
  rating: storyMeta.rating.optional(),
  warnings: storyMeta.warnings.optional(),
  completion: storyMeta.completion.optional(),
  expectedChapters: storyMeta.expectedChapters.optional(),
  language: storyMeta.language.optional(),
};

/** Every kind of tag at once (setTags replaces them all). */
export const storyTags = z.object({
  fandom: tagList.optional(),
  character: tagList.optional(),
  relationship: tagList.optional(),
  freeform: tagList.optional(),
});

export const characterCreate = z.object({ name: characterName, color, aliases: aliases.optional() });
export const characterUpdate = z.object({
  characterId: id,
  name: characterName.optional(),
  color: color.optional(),
  aliases: aliases.optional(),
});

/** A new story's characters, named once each (the service refuses a second "Mark" too). */
export const newCharacters = z
  .array(characterCreate)
  .max(100)
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const key = row.name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'Another character has this name.' });
      seen.add(key);
    });
  });

/** A story with its tags and characters: one service call, one transaction (story.create). */
export const storyCreate = z.object({
  title,
  summary: summary.optional(),
  slug: slug.optional(),
  ...storyMetaFields,
  tags: storyTags.optional(),
  // Two of one name are the service's to refuse (409, naming the row), inside the transaction.
  characters: z.array(characterCreate).max(100).optional(),
});
/** The story's details; `tags`, when given, replace every tag in the same transaction (story.update). */
export const storyUpdate = z.object({
  title: title.optional(),
  summary: summary.optional(),
  ...storyMetaFields,
  tags: storyTags.optional(),
});

/**
 * The new-story form in one: the story, its tags and its characters, checked before anything is
 * written (apps/web routes/write/new).
 */
export const newStory = storyCreate.extend({ ...storyTags.shape, characters: newCharacters });

/** The story edit form: its details and its tags (apps/web routes/write/[storyId]). */
export const editStory = storyUpdate.extend(storyTags.shape);
