// What an export may contain: members get every chapter at its current revision (drafts too);
// everyone else gets the live chapters of a public story at their published revision — the
// same rule as the reading pages, so an export never shows more than the site does.
import type { Database } from '@margins/db';
import { formatChapterProgress, type StoryMeta } from '../../story-meta';
import { isChapterLive, requireStoryVisible } from '../access';
import { loadRevisionSegments, type SegmentView } from '../chapter/revision-segments';
import { tagsByKind, type TagsByKind } from '../story/story-summary';

export interface ExportChapter {
  id: string;
  /** 1-based position among the exported chapters (the reader's chapter number). */
  number: number;
  title: string;
  status: 'draft' | 'scheduled' | 'published';
  publishedAt: Date | null;
  revision: { id: string; number: number; markup: string; wordCount: number; createdAt: Date };
  /** Summary and author's notes: never part of the markup, kept beside it. */
  notes: { summary: string; notesBefore: string; notesAfter: string };
}

export interface ExportStory extends StoryMeta {
  id: string;
  slug: string;
  title: string;
  summary: string;
  publishedAt: Date | null;
  updatedAt: Date;
  tags: TagsByKind;
  characters: { name: string; color: string; aliases: string[] }[];
  authors: { username: string; displayName: string | null }[];
  /** Whether the export includes drafts (the caller is a member and did not ask for published text only). */
  member: boolean;
  /** "2/?": the chapters readers can open over the chapters planned. */
  chapterProgress: string;
  chapters: ExportChapter[];
}

export async function loadExportableStory(options: {
  db: Database;
  userId: string | null;
  slug?: string;
  storyId?: string;
  now: Date;
  /** Only what readers see, for members too (the "<Name>'s story only" edition). */
  publishedOnly?: boolean;
}): Promise<ExportStory> {
  const { db, userId, now } = options;
  const { story, role } = await requireStoryVisible({
    db: db.prisma,
    userId,
    ...(options.storyId !== undefined ? { storyId: options.storyId } : { slug: options.slug ?? '' }),
  });
  const member = role !== null && options.publishedOnly !== true;
  const row = await db.prisma.story.findUniqueOrThrow({
    where: { id: story.id },
    select: {
      summary: true,
      updatedAt: true,
      rating: true,
      warnings: true,
      completion: true,
      expectedChapters: true,
      language: true,
      tags: { select: { tag: { select: { kind: true, name: true } } } },
      characters: {
        select: { name: true, color: true, aliases: true },
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
      },
      members: {
        where: { role: { in: ['owner', 'coauthor'] } },
        orderBy: { createdAt: 'asc' },
        select: { user: { select: { username: true, displayName: true } } },
      },
      chapters: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          title: true,
          status: true,
          publishAt: true,
          publishedAt: true,
          currentRevisionId: true,
          publishedRevisionId: true,
          summary: true,
          notesBefore: true,
          notesAfter: true,
          currentRevision: {
            select: { id: true, number: true, markup: true, wordCount: true, createdAt: true },
          },
          publishedRevision: {
            select: { id: true, number: true, markup: true, wordCount: true, createdAt: true },
          },
        },
      },
    },
  });
  const chapters: ExportChapter[] = [];
  let liveCount = 0;
  for (const c of row.chapters) {
    const live = isChapterLive(c, now);
    if (live) liveCount++;
    const revision = member ? c.currentRevision : live ? c.publishedRevision : null;
    if (!revision) continue;
    chapters.push({
      id: c.id,
      number: chapters.length + 1,
      title: c.title,
      status: c.status,
      publishedAt: live ? c.publishedAt : null,
      revision,
      notes: { summary: c.summary, notesBefore: c.notesBefore, notesAfter: c.notesAfter },
    });
  }
  return {
    id: story.id,
    slug: story.slug,
    title: story.title,
    summary: row.summary,
    publishedAt: story.publishedAt,
    updatedAt: row.updatedAt,
    rating: row.rating,
    warnings: row.warnings,
    completion: row.completion,
    expectedChapters: row.expectedChapters,
    language: row.language,
    chapterProgress: formatChapterProgress(liveCount, row.completion, row.expectedChapters),
    tags: tagsByKind(row.tags),
    characters: row.characters,
    authors: row.members.map((m) => m.user),
    member,
    chapters,
  };
}

/** The segments of every exported chapter's revision, keyed by chapter id. */
export async function loadExportSegments(
  db: Database,
  story: ExportStory,
): Promise<Map<string, SegmentView[]>> {
  const out = new Map<string, SegmentView[]>();
  for (const c of story.chapters) out.set(c.id, await loadRevisionSegments(db.prisma, c.revision.id));
  return out;
}
