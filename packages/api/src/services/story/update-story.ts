import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';

export interface UpdateStoryOptions {
  db: Database;
  userId: string;
  storyId: string;
  title?: string;
  summary?: string;
}

/** Title and summary; owner only. */
export async function updateStory(options: UpdateStoryOptions): Promise<{ id: string }> {
  const { db, userId, storyId, title, summary } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  await db.prisma.story.update({ where: { id: storyId }, data: { title, summary } });
  return { id: storyId };
}
