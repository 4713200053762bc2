import type { Database } from '@margins/db';
import { EDITORS, isChapterLive, requireChapterRole } from '../access';
import { loadChapterNotes } from './chapter-notes';
import { loadRevisionSegments, type SegmentView } from './revision-segments';
import { loadStoryCharacters } from './store-revision';

/** What the editor needs: the chapter, its current revision's source and markup, and segments. */
export async function getChapterForEditing(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}) {
  const { db, userId, chapterId, now } = options;
  const { story, chapter } = await requireChapterRole({
    db: db.prisma,
    chapterId,
    userId,
    now,
    roles: EDITORS,
  });
  const revision = chapter.currentRevisionId
    ? await db.prisma.chapterRevision.findUniqueOrThrow({
        where: { id: chapter.currentRevisionId },
        select: {
          id: true,
          number: true,
          source: true,
          markup: true,
          format: true,
          convention: true,
          styleMapping: true,
          wordCount: true,
          createdAt: true,
        },
      })
    : null;
  const segments: SegmentView[] = revision ? await loadRevisionSegments(db.prisma, revision.id) : [];
  const notes = await loadChapterNotes(db.prisma, chapterId);
  // For revising from a file: the convention chooser names the story's POV characters.
  const characters = await loadStoryCharacters(db.prisma, story.id);
  return {
    story: { id: story.id, slug: story.slug, title: story.title },
    chapter: {
      ...chapter,
      live: isChapterLive(chapter, now),
      hasUnpublishedChanges: chapter.currentRevisionId !== chapter.publishedRevisionId,
    },
    revision: revision && {
      ...revision,
      // A .docx source is the file itself (base64); the editor works on the markup instead.
      source: revision.format === 'docx' ? null : revision.source,
      styleMapping: revision.styleMapping as { bold?: string; italic?: string; plain?: string } | null,
    },
    segments,
    notes,
    povCharacters: characters.map((c) => ({ name: c.name, color: c.color })),
  };
}
