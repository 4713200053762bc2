// A story as one Markdown file: front matter (YAML whose values are JSON, so any YAML reader
// and our own line reader agree) and each chapter as `# Title` followed by its canonical
// markup. Canonical markup never starts a line with `# ` (toMarkup escapes `#`), so the
// chapter headings cannot be confused with chapter text. Imports back to the same segments.
import type { Problem } from '@margins/segments';
import { ServiceError } from '../../errors';
import {
  ARCHIVE_WARNINGS,
  DEFAULT_STORY_META,
  MAX_EXPECTED_CHAPTERS,
  RATING_LABELS,
  STORY_COMPLETIONS,
  STORY_RATINGS,
  WARNING_LABELS,
  canonicalLanguage,
  sortWarnings,
  warningsProblem,
  type ArchiveWarning,
  type StoryMeta,
} from '../../story-meta';
import type { TagsByKind } from '../story/story-summary';
import type { ExportStory } from './exportable';

export const MARKDOWN_FORMAT_VERSION = 1;

export interface StoryMarkdownMeta extends StoryMeta {
  title: string;
  summary: string;
  tags: TagsByKind;
  characters: { name: string; color: string; aliases: string[] }[];
}

export interface MarkdownChapter {
  title: string;
  markup: string;
  notes?: { summary?: string; notesBefore?: string; notesAfter?: string };
  /** The file line of the chapter's first markup line, to report problems where they are. */
  firstLine: number;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function storyToMarkdown(story: ExportStory, now: Date): string {
  const meta: [string, unknown][] = [
    ['margins', MARKDOWN_FORMAT_VERSION],
    ['title', story.title],
    ['summary', story.summary],
    ['rating', story.rating],
    ['warnings', story.warnings],
    ['completion', story.completion],
    ['expectedChapters', story.expectedChapters],
    ['language', story.language],
    ['tags', story.tags],
    ['characters', story.characters],
    // One entry per chapter, in order: its summary and notes (null when it has none).
    [
      'chapterNotes',
      story.chapters.map((c) =>
        c.notes.summary || c.notes.notesBefore || c.notes.notesAfter ? c.notes : null,
      ),
    ],
    ['authors', story.authors.map((a) => a.username)],
    ['source', story.slug],
    ['exported', now.toISOString()],
  ];
  const head = ['---', ...meta.map(([k, v]) => `${k}: ${JSON.stringify(v)}`), '---', ''];
  const body = story.chapters.map(
    (c) => `# ${oneLine(c.title)}\n\n${c.revision.markup.replace(/\n*$/, '\n')}`,
  );
  return head.join('\n') + '\n' + body.join('\n');
}

function invalid(line: number, message: string, fix: string): ServiceError {
  const problem: Problem = { code: 'invalid_export', severity: 'error', line, message, fix };
  return new ServiceError('invalid', `Line ${line}: ${message}`, { problems: [problem] });
}

const KNOWN_KEYS = new Set([
  'margins',
  'title',
  'summary',
  'rating',
  'warnings',
  'completion',
  'expectedChapters',
  'language',
  'tags',
  'characters',
  'chapterNotes',
  'authors',
  'source',
  'exported',
]);

/** Reads a story Markdown file written by storyToMarkdown (or by hand in the same shape). */
export function parseStoryMarkdown(text: string): { meta: StoryMarkdownMeta; chapters: MarkdownChapter[] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (lines[0] !== '---')
    throw invalid(
      1,
      'The file does not start with front matter (a line "---").',
      'Export the story from Margins, or add front matter with at least a title.',
    );
  const end = lines.indexOf('---', 1);
  if (end < 0)
    throw invalid(1, 'The front matter is never closed.', 'Add a line "---" after the front matter.');
  const raw: Record<string, unknown> = {};
  const lineOf: Record<string, number> = {};
  for (let i = 1; i < end; i++) {
    const line = lines[i] as string;
    if (!line.trim()) continue;
    const m = /^([a-zA-Z]+):\s*(.*)$/.exec(line);
    if (!m || !KNOWN_KEYS.has(m[1] as string))
      throw invalid(
        i + 1,
        `Unexpected front matter line “${line.slice(0, 60)}”.`,
        `Use one of: ${[...KNOWN_KEYS].join(', ')}.`,
      );
    lineOf[m[1] as string] = i + 1;
    try {
      raw[m[1] as string] = JSON.parse(m[2] as string);
    } catch {
      // A hand-written plain string (title: The Ledger) is fine too.
      raw[m[1] as string] = m[2];
    }
  }
  const title = typeof raw.title === 'string' ? raw.title.trim() : '';
  if (!title)
    throw invalid(2, 'The front matter has no title.', 'Add a line like: title: "The Lighthouse Ledger"');
  const tags: TagsByKind = { fandom: [], character: [], relationship: [], freeform: [] };
  if (raw.tags && typeof raw.tags === 'object') {
    for (const kind of Object.keys(tags) as (keyof TagsByKind)[]) {
      const list = (raw.tags as Record<string, unknown>)[kind];
      if (Array.isArray(list)) tags[kind] = list.filter((t): t is string => typeof t === 'string');
    }
  }
  const characters = Array.isArray(raw.characters)
    ? raw.characters.flatMap((c) => {
        if (!c || typeof c !== 'object' || typeof (c as { name?: unknown }).name !== 'string') return [];
        const { name, color, aliases } = c as { name: string; color?: unknown; aliases?: unknown };
        return [
          {
            name,
            color: typeof color === 'string' ? color : '#6e7781',
            aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [],
          },
        ];
      })
    : [];

  const chapters: MarkdownChapter[] = [];
  let current: { title: string; start: number; body: string[] } | null = null;
  const close = () => {
    if (!current) return;
    const body = current.body;
    let first = 0;
    while (first < body.length && !body[first]?.trim()) first++;
    let last = body.length;
    while (last > first && !body[last - 1]?.trim()) last--;
    chapters.push({
      title: current.title,
      markup: body.slice(first, last).join('\n') + '\n',
      firstLine: current.start + first,
    });
  };
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^# (.+)$/.exec(line);
    if (heading) {
      close();
      current = { title: (heading[1] as string).trim(), start: i + 2, body: [] };
    } else if (current) current.body.push(line);
    else if (line.trim())
      throw invalid(
        i + 1,
        'Text before the first chapter heading.',
        'Start each chapter with a line “# Chapter title”.',
      );
  }
  close();
  if (Array.isArray(raw.chapterNotes)) {
    raw.chapterNotes.forEach((n, i) => {
      const chapter = chapters[i];
      if (!chapter || !n || typeof n !== 'object') return;
      const pick = (k: string) =>
        typeof (n as Record<string, unknown>)[k] === 'string'
          ? ((n as Record<string, unknown>)[k] as string)
          : undefined;
      const notes = {
        summary: pick('summary'),
        notesBefore: pick('notesBefore'),
        notesAfter: pick('notesAfter'),
      };
      chapter.notes = Object.fromEntries(Object.entries(notes).filter(([, v]) => v !== undefined));
    });
  }
  return {
    meta: {
      title,
      summary: typeof raw.summary === 'string' ? raw.summary : '',
      ...storyMetaOf(raw, lineOf),
      tags,
      characters,
    },
    chapters,
  };
}

/** A code or its label, in any case: "teen", "Teen And Up Audiences". */
function codeOf<T extends string>(value: unknown, codes: readonly T[], labels?: Record<T, string>): T | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  return codes.find((c) => c === v || labels?.[c].toLowerCase() === v) ?? null;
}

/** Rating, warnings, completion, chapter plan and language; missing keys take the defaults (older files). */
function storyMetaOf(raw: Record<string, unknown>, lineOf: Record<string, number>): StoryMeta {
  const meta: StoryMeta = { ...DEFAULT_STORY_META };
  if (raw.rating !== undefined) {
    const rating = codeOf(raw.rating, STORY_RATINGS, RATING_LABELS);
    if (!rating)
      throw invalid(lineOf.rating ?? 1, 'Unknown rating.', `Use one of: ${STORY_RATINGS.join(', ')}.`);
    meta.rating = rating;
  }
  if (raw.warnings !== undefined) {
    const list = Array.isArray(raw.warnings) ? raw.warnings : [raw.warnings];
    const warnings = list.map((w) => codeOf(w, ARCHIVE_WARNINGS, WARNING_LABELS));
    const problem = warnings.includes(null)
      ? 'Unknown warning.'
      : warningsProblem(warnings as ArchiveWarning[]);
    if (problem)
      throw invalid(
        lineOf.warnings ?? 1,
        `Warnings: ${problem}`,
        `Use a JSON list of: ${ARCHIVE_WARNINGS.join(', ')}.`,
      );
    meta.warnings = sortWarnings(warnings as ArchiveWarning[]);
  }
  if (raw.completion !== undefined) {
    const completion = codeOf(raw.completion, STORY_COMPLETIONS);
    if (!completion)
      throw invalid(lineOf.completion ?? 1, 'Unknown completion.', 'Use "in_progress" or "complete".');
    meta.completion = completion;
  }
  if (raw.expectedChapters !== undefined && raw.expectedChapters !== null) {
    const n = raw.expectedChapters;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_EXPECTED_CHAPTERS) {
      throw invalid(
        lineOf.expectedChapters ?? 1,
        'The expected chapter count is not a whole number from 1 up.',
        'Write a number, or null while unknown.',
      );
    }
    meta.expectedChapters = n;
  }
  if (raw.language !== undefined) {
    const language = typeof raw.language === 'string' ? canonicalLanguage(raw.language) : null;
    if (!language)
      throw invalid(
        lineOf.language ?? 1,
        'The language is not a BCP 47 tag.',
        'Use a tag such as "en", "fr" or "pt-BR".',
      );
    meta.language = language;
  }
  return meta;
}
