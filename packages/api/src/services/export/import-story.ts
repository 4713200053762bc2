// Imports a story Markdown file (markdown.ts) as a new private story owned by the caller, with
// its characters, tags and chapters as drafts. Every chapter is parsed before anything is
// written, so a problem is reported (at its line in the file) without leaving half a story.
import type { Database } from '@margins/db';
import type { Problem } from '@margins/segments';
import { ServiceError } from '../../errors';
import { createChapter } from '../chapter/create-chapter';
import { parseUpload } from '../chapter/upload';
import type { ChapterParser } from '../parse/pool';
import { createStory } from '../story/create-story';
import { deleteStory } from '../story/delete-story';
import { addPovCharacter } from '../story/pov-characters';
import { setStoryTags } from '../story/set-story-tags';
import { parseStoryMarkdown } from './markdown';

const COLOR = /^#[0-9a-fA-F]{6}$/;

export async function importStory(options: {
  db: Database;
  userId: string;
  markdown: string;
  /** The parse pool (services/parse); the default pool when absent. */
  parser?: ChapterParser;
}): Promise<{ storyId: string; slug: string; chapters: number }> {
  const { db, userId, markdown, parser } = options;
  const { meta, chapters } = parseStoryMarkdown(markdown);
  if (!chapters.length)
    throw new ServiceError(
      'invalid',
      'The file has no chapters (each starts with a line “# Chapter title”).',
    );
  const characters = meta.characters.map((c, i) => ({
    id: `import-${i}`,
    name: c.name,
    color: COLOR.test(c.color) ? c.color : '#6e7781',
    aliases: c.aliases,
  }));

  const problems: Problem[] = [];
  for (const chapter of chapters) {
    const result = await parseUpload({
      upload: { source: chapter.markup, format: 'markdown', convention: 'directives', detectNotes: false },
      characters,
      parser,
    });
    if (!result.ok) {
      for (const p of result.problems)
        problems.push({
          ...p,
          line: p.line + chapter.firstLine - 1,
          message: `${chapter.title}: ${p.message}`,
        });
    }
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const first = errors[0] as Problem;
    throw new ServiceError(
      'invalid',
      `The file has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix; the first is on line ${first.line}: ${first.message}`,
      { problems },
    );
  }

  const { id: storyId, slug } = await createStory({
    db,
    userId,
    title: meta.title.slice(0, 200),
    summary: meta.summary.slice(0, 4000),
    rating: meta.rating,
    warnings: meta.warnings,
    completion: meta.completion,
    expectedChapters: meta.expectedChapters,
    language: meta.language,
  });
  try {
    for (const c of characters)
      await addPovCharacter({ db, userId, storyId, name: c.name, color: c.color, aliases: c.aliases });
    await setStoryTags({ db, userId, storyId, tags: meta.tags });
    for (const chapter of chapters) {
      await createChapter({
        db,
        userId,
        storyId,
        title: chapter.title.slice(0, 200),
        upload: { source: chapter.markup, format: 'markdown', convention: 'directives', detectNotes: false },
        ...(chapter.notes ? { notes: chapter.notes } : {}),
        parser,
      });
    }
  } catch (error) {
    // No transaction spans the services; undo by deleting the story, which cascades.
    await deleteStory({ db, userId, storyId }).catch(() => undefined);
    throw error;
  }
  return { storyId, slug, chapters: chapters.length };
}
