// The export entry points the router calls: Markdown for a story or one chapter, EPUB, the feed.
import { Buffer } from 'node:buffer';
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { buildEpub } from './epub';
import { loadExportableStory, loadExportSegments } from './exportable';
import { storyToMarkdown } from './markdown';

const fileName = (slug: string, ext: string) => `${slug}.${ext}`;

export async function exportStoryMarkdown(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
}) {
  const story = await loadExportableStory(options);
  return {
    filename: fileName(story.slug, 'md'),
    markdown: storyToMarkdown(story, options.now),
    chapters: story.chapters.length,
    drafts: story.member,
  };
}

/** One chapter's canonical markup (the current revision for members, else the published one). */
export async function exportChapterMarkdown(options: {
  db: Database;
  userId: string | null;
  slug: string;
  number: number;
  now: Date;
}) {
  const story = await loadExportableStory(options);
  const chapter = story.chapters.find((c) => c.number === options.number);
  if (!chapter) throw notFound('Chapter');
  return {
    storyId: story.id,
    chapterId: chapter.id,
    number: chapter.number,
    title: chapter.title,
    status: chapter.status,
    revisionId: chapter.revision.id,
    revisionNumber: chapter.revision.number,
    markup: chapter.revision.markup,
  };
}

/** The EPUB as base64 (tRPC answers JSON); the download route decodes it. */
export async function exportStoryEpub(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
  url?: string;
}) {
  const story = await loadExportableStory(options);
  const segments = await loadExportSegments(options.db, story);
  const bytes = buildEpub({
    story,
    segments,
    now: options.now,
    ...(options.url ? { url: options.url } : {}),
  });
  return {
    filename: fileName(story.slug, 'epub'),
    base64: Buffer.from(bytes).toString('base64'),
    chapters: story.chapters.length,
  };
}
