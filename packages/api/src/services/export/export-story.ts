// The export entry points the router calls: Markdown for a story or one chapter, EPUB, the feed.
import { Buffer } from 'node:buffer';
import type { Database } from '@margins/db';
import { writeChapterFrontMatter } from '@margins/segments';
import { ServiceError, notFound } from '../../errors';
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
    notes: chapter.notes,
    /** The chapter file: front matter with the summary and notes (when any), then the markup; pushes back as it is. */
    file: writeChapterFrontMatter(chapter.notes, chapter.revision.markup),
  };
}

/**
 * The EPUB as base64 (tRPC answers JSON); the download route decodes it. With `pov`, the
 * "<Name>'s story only" edition: that character's sections of the published chapters (never
 * drafts, for members too), each chapter keeping its number.
 */
export async function exportStoryEpub(options: {
  db: Database;
  userId: string | null;
  slug: string;
  now: Date;
  url?: string;
  /** A POV character's name or alias. */
  pov?: string;
}) {
  const story = await loadExportableStory({ ...options, publishedOnly: options.pov !== undefined });
  let segments = await loadExportSegments(options.db, story);
  let pov: { name: string } | undefined;
  if (options.pov !== undefined) {
    const needle = options.pov.trim().toLowerCase();
    const match = story.characters.find((c) =>
      [c.name, ...c.aliases].some((n) => n.toLowerCase() === needle),
    );
    if (!match)
      throw new ServiceError('invalid', `This story has no POV character called “${options.pov}”.`, {
        fieldErrors: { pov: ['Unknown character.'] },
      });
    pov = { name: match.name };
    segments = new Map(
      [...segments].map(([id, list]) => [id, list.filter((s) => s.pov?.name === match.name)]),
    );
    story.chapters = story.chapters.filter((c) => (segments.get(c.id) ?? []).length > 0);
  }
  const bytes = buildEpub({
    story,
    segments,
    now: options.now,
    ...(options.url ? { url: options.url } : {}),
    ...(pov ? { pov } : {}),
  });
  return {
    filename: pov ? `${story.slug}-${povSlug(pov.name)}.epub` : fileName(story.slug, 'epub'),
    base64: Buffer.from(bytes).toString('base64'),
    chapters: story.chapters.length,
  };
}

/** "Aunt June" → "aunt-june", for a file name; non-Latin names keep their letters. */
function povSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'pov'
  );
}
