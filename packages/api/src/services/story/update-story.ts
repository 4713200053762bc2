import type { Database } from '@margins/db';
import type { StoryMeta } from '../../story-meta';
import { OWNER, requireStoryRole } from '../access';

export interface UpdateStoryOptions extends Partial<StoryMeta> {
  db: Database;
  userId: string;
  storyId: string;
  title?: string;
  summary?: string;
}

/** Title, summary, rating, warnings, completion, chapter plan, language; owner only. */
export async function updateStory(options: UpdateStoryOptions): Promise<{ id: string }> {
  const { db, userId, storyId, title, summary, rating, warnings, completion, expectedChapters, language } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  await db.prisma.story.update({ where: { id: storyId }, data: { title, summary, rating, warnings, completion, expectedChapters, language } });
  return { id: storyId };
}
