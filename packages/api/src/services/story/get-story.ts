import type { Database } from '@margins/db';
import { requireStoryVisible } from '../access';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';
import { listPovCharacters, type PovCharacterView } from './pov-characters';

export interface StoryDetail extends StorySummary {
  /** The caller's role on the story, or null. */
  myRole: 'owner' | 'coauthor' | 'beta' | null;
  povCharacters: PovCharacterView[];
}

/** A story by its address, as the caller may see it. */
export async function getStoryBySlug(options: { db: Database; userId: string | null; slug: string; now: Date }): Promise<StoryDetail> {
  const { db, userId, slug, now } = options;
  const { story, role } = await requireStoryVisible({ db: db.prisma, slug, userId });
  const row = await db.prisma.story.findUniqueOrThrow({ where: { id: story.id }, select: storySummarySelect });
  return { ...toStorySummary(row, now), myRole: role, povCharacters: await listPovCharacters(db.prisma, story.id) };
}
