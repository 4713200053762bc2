// Who may see a dashboard: the story's editors (owner and co-authors). For everyone else,
// beta readers included, a story's dashboard does not exist: not_found, never forbidden.
import { notFound } from '../../errors';
import type { Db } from '../access';

export interface DashboardStory {
  id: string;
  slug: string;
  title: string;
  role: 'owner' | 'coauthor';
}

export async function requireDashboardStory(options: {
  db: Db;
  storyId: string;
  userId: string;
}): Promise<DashboardStory> {
  const { db, storyId, userId } = options;
  const member = await db.storyMember.findUnique({
    where: { storyId_userId: { storyId, userId } },
    select: { role: true, story: { select: { id: true, slug: true, title: true } } },
  });
  if (!member || member.role === 'beta') throw notFound('Story');
  return { ...member.story, role: member.role };
}

export interface DashboardChapter {
  id: string;
  storyId: string;
  title: string;
  position: number;
  status: 'draft' | 'scheduled' | 'published';
  publishAt: Date | null;
  publishedRevisionId: string | null;
  currentRevisionId: string | null;
}

export async function requireDashboardChapter(options: {
  db: Db;
  chapterId: string;
  userId: string;
}): Promise<{ story: DashboardStory; chapter: DashboardChapter }> {
  const { db, chapterId, userId } = options;
  const chapter = await db.chapter.findUnique({
    where: { id: chapterId },
    select: {
      id: true,
      storyId: true,
      title: true,
      position: true,
      status: true,
      publishAt: true,
      publishedRevisionId: true,
      currentRevisionId: true,
    },
  });
  if (!chapter) throw notFound('Chapter');
  try {
    const story = await requireDashboardStory({ db, storyId: chapter.storyId, userId });
    return { story, chapter };
  } catch {
    throw notFound('Chapter');
  }
}
