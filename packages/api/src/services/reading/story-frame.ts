// What a chapter page shows of its story around the text: POV characters (for the legend and
// "follow only"), every chapter (for previous/next) and the authors. One query, because every
// chapter read asks for it.
import { Prisma } from '@margins/db';
import type { Db } from '../access';

export interface StoryFrame {
  characters: { id: string; name: string; color: string; aliases: string[] }[];
  siblings: {
    id: string;
    title: string;
    status: 'draft' | 'scheduled' | 'published';
    publishAt: Date | null;
    publishedRevisionId: string | null;
  }[];
  authors: { username: string; displayName: string | null }[];
}

interface FrameRow {
  characters: StoryFrame['characters'];
  /** publishAt as epoch milliseconds: JSON has no timestamp type. */
  siblings: (Omit<StoryFrame['siblings'][number], 'publishAt'> & { publishAt: number | null })[];
  authors: StoryFrame['authors'];
}

/** The frame of the story `chapterId` belongs to (by chapter, so it can run beside the access check). */
export async function loadStoryFrame(db: Db, chapterId: string): Promise<StoryFrame> {
  const [row] = await db.$queryRaw<FrameRow[]>(Prisma.sql`
    WITH s AS (SELECT "storyId" AS id FROM "Chapter" WHERE id = ${chapterId})
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', pc.id, 'name', pc.name, 'color', pc.color, 'aliases', pc.aliases) ORDER BY pc.position), '[]')
         FROM "PovCharacter" pc WHERE pc."storyId" = (SELECT id FROM s)) AS characters,
      (SELECT coalesce(json_agg(json_build_object('id', c.id, 'title', c.title, 'status', c.status, 'publishedRevisionId', c."publishedRevisionId",
                                                  'publishAt', floor(extract(epoch FROM c."publishAt") * 1000)) ORDER BY c.position), '[]')
         FROM "Chapter" c WHERE c."storyId" = (SELECT id FROM s)) AS siblings,
      (SELECT coalesce(json_agg(json_build_object('username', u.username, 'displayName', u."displayName") ORDER BY m."createdAt"), '[]')
         FROM "StoryMember" m JOIN "User" u ON u.id = m."userId" WHERE m."storyId" = (SELECT id FROM s) AND m.role IN ('owner', 'coauthor')) AS authors`);
  const frame = row as FrameRow;
  return {
    characters: frame.characters,
    siblings: frame.siblings.map((c) => ({
      ...c,
      publishAt: c.publishAt === null ? null : new Date(c.publishAt),
    })),
    authors: frame.authors,
  };
}
