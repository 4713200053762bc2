import { z } from 'zod';
import { MAX_REQUEST_BYTES } from '../limits';
import { browseStories } from '../services/story/browse-stories';
import { browseInput } from './browse-input';
import { createStory } from '../services/story/create-story';
import { deleteStory } from '../services/story/delete-story';
import { importStory } from '../services/export/import-story';
import { getStoryBySlug } from '../services/story/get-story';
import { storyContentsForMember } from '../services/reading/table-of-contents';
import { listMyStories } from '../services/story/list-my-stories';
import {
  addPovCharacter,
  removePovCharacter,
  reorderPovCharacters,
  updatePovCharacter,
} from '../services/story/pov-characters';
import { publishStory, unpublishStory } from '../services/story/publish-story';
import { searchStories, searchStoriesPage } from '../services/story/search-stories';
import { setStoryTags } from '../services/story/set-story-tags';
import { changeMemberRole, listStoryMembers, removeStoryMember } from '../services/story/story-members';
import { updateStory } from '../services/story/update-story';
import { authedProcedure, publicProcedure, rateLimited, router, storyProcedure } from '../trpc';
import { characterName, id, storyMeta } from '../inputs/common';
import {
  characterCreate,
  characterUpdate,
  storyCreate,
  storyTags,
  storyUpdate,
  tagKind,
} from '../inputs/story';

export const storyRouter = router({
  /** A new private story, with its tags and POV characters when given: one transaction. */
  create: authedProcedure
    .input(storyCreate)
    .use(rateLimited('story'))
    .mutation(({ ctx, input }) => createStory({ db: ctx.db, userId: ctx.user.id, ...input })),

  update: storyProcedure
    .input(storyUpdate)
    .mutation(({ ctx, input }) => updateStory({ db: ctx.db, userId: ctx.user.id, ...input })),

  delete: storyProcedure.mutation(({ ctx, input }) =>
    deleteStory({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),

  /** Replaces all tags: fandoms, characters, relationships and free tags. */
  setTags: storyProcedure
    .input(storyTags)
    .mutation(({ ctx, input: { storyId, ...tags } }) =>
      setStoryTags({ db: ctx.db, userId: ctx.user.id, storyId, tags }),
    ),

  publish: storyProcedure.mutation(({ ctx, input }) =>
    publishStory({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, now: ctx.now() }),
  ),
  unpublish: storyProcedure.mutation(({ ctx, input }) =>
    unpublishStory({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, now: ctx.now() }),
  ),

  addCharacter: storyProcedure
    .input(characterCreate)
    .mutation(({ ctx, input }) => addPovCharacter({ db: ctx.db, userId: ctx.user.id, ...input })),
  updateCharacter: storyProcedure
    .input(characterUpdate)
    .mutation(({ ctx, input }) => updatePovCharacter({ db: ctx.db, userId: ctx.user.id, ...input })),
  removeCharacter: storyProcedure
    .input(z.object({ characterId: id }))
    .mutation(({ ctx, input }) => removePovCharacter({ db: ctx.db, userId: ctx.user.id, ...input })),
  reorderCharacters: storyProcedure
    .input(z.object({ characterIds: z.array(id).max(100) }))
    .mutation(({ ctx, input }) => reorderPovCharacters({ db: ctx.db, userId: ctx.user.id, ...input })),

  members: storyProcedure.query(({ ctx, input }) =>
    listStoryMembers({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId }),
  ),
  /** Changes a member's role; new members are invited (invitation.create) and must accept. */
  setMember: storyProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64), role: z.enum(['coauthor', 'beta']) }))
    .mutation(({ ctx, input }) => changeMemberRole({ db: ctx.db, userId: ctx.user.id, ...input })),
  removeMember: storyProcedure
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) =>
      removeStoryMember({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, memberId: input.userId }),
    ),

  /** A story and all its chapters (drafts too) by id, for its members: the authoring pages. */
  contents: storyProcedure.query(({ ctx, input }) =>
    storyContentsForMember({ db: ctx.db, userId: ctx.user.id, storyId: input.storyId, now: ctx.now() }),
  ),

  bySlug: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(80) }))
    .query(({ ctx, input }) =>
      getStoryBySlug({ db: ctx.db, userId: ctx.user?.id ?? null, slug: input.slug, now: ctx.now() }),
    ),

  /** Public stories filtered, sorted and paged, with the counts beside each option (browse-input.ts). */
  browse: publicProcedure
    .input(browseInput)
    .query(({ ctx, input }) => browseStories({ db: ctx.db, now: ctx.now(), ...input })),

  search: publicProcedure
    .input(
      z.object({
        query: z.string().trim().min(1).max(200),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    )
    .query(({ ctx, input }) => searchStories({ db: ctx.db, now: ctx.now(), ...input })),

  /** A page of search hits with snippets, and how many stories match in all. */
  find: publicProcedure
    .input(
      z.object({
        query: z.string().trim().min(1).max(200),
        tag: z.object({ kind: tagKind, name: z.string().trim().min(1).max(100) }).optional(),
        character: characterName.optional(),
        ratings: z.array(storyMeta.rating).max(5).optional(),
        offset: z.number().int().min(0).max(10_000).default(0),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    )
    .query(({ ctx, input }) => searchStoriesPage({ db: ctx.db, now: ctx.now(), ...input })),

  /** A new private story from a Markdown export (export.markdown); chapters come in as drafts. */
  import: authedProcedure
    // One request carries the whole file, so the request limit is the import's limit too.
    .input(z.object({ markdown: z.string().min(1).max(MAX_REQUEST_BYTES) }))
    .use(rateLimited('story'))
    .mutation(({ ctx, input }) =>
      importStory({ db: ctx.db, userId: ctx.user.id, markdown: input.markdown, parser: ctx.parser }),
    ),

  /** Stories I am a member of, drafts included. */
  mine: authedProcedure.query(({ ctx }) =>
    listMyStories({ db: ctx.db, userId: ctx.user.id, now: ctx.now() }),
  ),
});
