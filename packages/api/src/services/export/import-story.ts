// Imports a story Markdown file (markdown.ts) as a new private story owned by the caller, with
// its characters, tags and chapters as drafts. Every chapter is parsed before anything is
// written, so a problem is reported (at its line in the file); then the whole story is written
// in one transaction, so a failure while writing leaves nothing behind either.
import type { Database } from '@margins/db';
import type { Problem } from '@margins/segments';
import { ServiceError } from '../../errors';
import { insertChapter } from '../chapter/create-chapter';
import { loadStoryCharacters } from '../chapter/store-revision';
import { parseUpload, type ParsedUpload, type Upload } from '../chapter/upload';
import type { ChapterParser } from '../parse/pool';
import { insertStory, withSlugRetry } from '../story/create-story';
import { inTransaction } from '../transaction';
import { parseStoryMarkdown } from './markdown';

const COLOR = /^#[0-9a-fA-F]{6}$/;

export async function importStory(options: {
  db: Database;
  userId: string;
  markdown: string;
  /** The parse pool (services/parse); the default pool when absent. */
  parser?: ChapterParser;
  /** After each chapter is written; tests throw from it to prove the import is atomic. */
  onChapter?: (index: number) => void | Promise<void>;
}): Promise<{ storyId: string; slug: string; chapters: number }> {
  const { db, userId, markdown, parser, onChapter } = options;
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
  const parsed: { upload: Upload; result: ParsedUpload }[] = [];
  for (const chapter of chapters) {
    const upload: Upload = {
      source: chapter.markup,
      format: 'markdown',
      convention: 'directives',
      detectNotes: false,
    };
    const result = await parseUpload({ upload, characters, parser });
    if (result.ok) parsed.push({ upload, result });
    else {
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

  // Written with the parses above: the characters are matched by name, so their ids do not matter.
  const { id: storyId, slug } = await withSlugRetry(() =>
    inTransaction(
      db,
      async (tx) => {
        const story = await insertStory(tx, {
          userId,
          title: meta.title.slice(0, 200),
          summary: meta.summary.slice(0, 4000),
          rating: meta.rating,
          warnings: meta.warnings,
          completion: meta.completion,
          expectedChapters: meta.expectedChapters,
          language: meta.language,
          tags: meta.tags,
          characters: characters.map((c) => ({ name: c.name, color: c.color, aliases: c.aliases })),
        });
        const stored = await loadStoryCharacters(tx.prisma, story.id);
        for (const [index, chapter] of chapters.entries()) {
          const { upload, result } = parsed[index] as (typeof parsed)[number];
          await insertChapter(tx.prisma, {
            userId,
            storyId: story.id,
            title: chapter.title.slice(0, 200),
            upload,
            parsed: result,
            characters: stored,
            ...(chapter.notes ? { notes: chapter.notes } : {}),
          });
          await onChapter?.(index);
        }
        return story;
      },
      // A whole book is written here; the request size limit bounds it.
      { timeout: 120_000 },
    ),
  );
  return { storyId, slug, chapters: chapters.length };
}
