import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import {
  publicStoryWhere,
  storySummarySelect,
  toStorySummary,
  type StorySummary,
} from '../story/story-summary';

export interface Profile {
  username: string;
  displayName: string | null;
  joinedAt: Date;
  /** Public stories the user writes (as owner or co-author). */
  stories: StorySummary[];
}

export async function getProfile(options: { db: Database; username: string; now: Date }): Promise<Profile> {
  const { db, username, now } = options;
  const user = await db.prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, displayName: true, createdAt: true },
  });
  if (!user) throw notFound('User');
  const stories = await db.prisma.story.findMany({
    where: {
      ...publicStoryWhere,
      members: { some: { userId: user.id, role: { in: ['owner', 'coauthor'] } } },
    },
    orderBy: { publishedAt: 'desc' },
    select: storySummarySelect,
  });
  return {
    username: user.username,
    displayName: user.displayName,
    joinedAt: user.createdAt,
    stories: stories.map((s) => toStorySummary(s, now)),
  };
}
