import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { requireStoryVisible, type StoryAccess } from '../access';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';
import { listPovCharacters, type PovCharacterView } from './pov-characters';

export interface StoryDetail extends StorySummary {
  /** The caller's role on the story, or null. */
  myRole: 'owner' | 'coauthor' | 'beta' | null;
  povCharacters: PovCharacterView[];
}

/** A story by its address, as the caller may see it. */
export async function getStoryBySlug(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
}): Promise<StoryDetail> {
  const { db, userId, slug, now } = options;
  return storyDetail(db, await requireStoryVisible({ db: db.prisma, slug, userId }), now);
}

/**
 * A story by its id, for its members only (owner, co-authors, beta readers). It is where they
 * work on it, so for anyone else it does not exist (not_found), even when it is public.
 */
export async function getStoryForMember(options: {
  db: Database;
  userId: string;
  storyId: string;
  now: Date;
}): Promise<StoryDetail> {
  const { db, userId, storyId, now } = options;
  const access = await requireStoryVisible({ db: db.prisma, storyId, userId });
  if (access.role === null) throw notFound('Story');
  return storyDetail(db, access, now);
}

async function storyDetail(db: Database, { story, role }: StoryAccess, now: Date): Promise<StoryDetail> {
  const row = await db.prisma.story.findUniqueOrThrow({
    where: { id: story.id },
    select: storySummarySelect,
  });
  return {
    ...toStorySummary(row, now),
    myRole: role,
    povCharacters: await listPovCharacters(db.prisma, story.id),
  };
}
