import type { Database } from '@margins/db';
import { MEMBERS, requireChapterRole } from '../access';

export interface RevisionSummary {
  id: string;
  number: number;
  format: 'markdown' | 'html' | 'docx';
  convention: 'directives' | 'markers' | 'style' | 'none';
  wordCount: number;
  createdAt: Date;
  author: { username: string; displayName: string | null };
  current: boolean;
  published: boolean;
}

/** Every saved revision of a chapter, newest first; members only (beta readers included). */
export async function listRevisions(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<RevisionSummary[]> {
  const { db, userId, chapterId, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: MEMBERS });
  const rows = await db.prisma.chapterRevision.findMany({
    where: { chapterId },
    orderBy: { number: 'desc' },
    select: {
      id: true,
      number: true,
      format: true,
      convention: true,
      wordCount: true,
      createdAt: true,
      author: { select: { username: true, displayName: true } },
    },
  });
  return rows.map((r) => ({
    ...r,
    current: r.id === chapter.currentRevisionId,
    published: r.id === chapter.publishedRevisionId,
  }));
}
