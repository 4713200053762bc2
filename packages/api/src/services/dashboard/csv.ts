// Every dashboard table as CSV (RFC 4180), built from the same service answers the pages show.
import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { chapterDetail } from './chapter-detail';
import { feedbackInbox, type InboxFilters, type InboxItem } from './feedback-inbox';
import { storyOverview } from './story-overview';
import { timeSeries, type Granularity } from './time-series';

export type CsvTable = 'chapters' | 'povs' | 'discussed' | 'passages' | 'series' | 'inbox';
export const CSV_TABLES = [
  'chapters',
  'povs',
  'discussed',
  'passages',
  'series',
  'inbox',
] as const satisfies readonly CsvTable[];
type Cell = string | number | boolean | null | undefined | Date;

/**
 * One cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)
 * gets a leading apostrophe: reader-written comments end up in authors' spreadsheets.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const MAX_INBOX_ROWS = 10_000;

export interface CsvOptions {
  db: Database;
  userId: string;
  storyId: string;
  table: CsvTable;
  chapterId?: string;
  from?: string;
  to?: string;
  granularity?: Granularity;
  filters?: Omit<InboxFilters, 'storyId'>;
}

export async function dashboardCsv(options: CsvOptions): Promise<{ filename: string; csv: string }> {
  const { db, userId, storyId, table } = options;
  const name = (suffix: string) => `margins-${table}-${suffix}.csv`;
  switch (table) {
    case 'chapters': {
      const o = await storyOverview({ db, userId, storyId });
      const rows = o.chapters.map((c) => [
        c.number,
        c.title,
        c.status,
        c.figures.reads,
        c.figures.readers,
        c.figures.reviews,
        c.figures.yays,
        c.figures.nays,
        c.figures.aspects.pacing.average,
        c.figures.aspects.characters.average,
        c.figures.aspects.povClarity.average,
        c.figures.aspects.prose.average,
        c.figures.comments,
        c.figures.byType.reaction,
        c.figures.byType.critique,
        c.figures.byType.typo,
        c.retention?.retained ?? null,
        c.retention?.rate ?? null,
      ]);
      return {
        filename: name(o.story.slug),
        csv: toCsv(
          [
            'chapter',
            'title',
            'status',
            'reads',
            'readers',
            'reviews',
            'yay',
            'nay',
            'pacing',
            'characters',
            'pov_clarity',
            'prose',
            'comments',
            'reactions',
            'critiques',
            'typos',
            'went_on',
            'retention',
          ],
          rows,
        ),
      };
    }
    case 'povs': {
      const o = await storyOverview({ db, userId, storyId });
      const rows = o.povs.map((p) => [
        p.name,
        p.chapters,
        p.reads,
        p.reviews,
        p.yays,
        p.nays,
        p.comments,
        p.byType.reaction,
        p.byType.critique,
        p.byType.typo,
      ]);
      return {
        filename: name(o.story.slug),
        csv: toCsv(
          [
            'pov',
            'chapters',
            'reads',
            'reviews',
            'yay',
            'nay',
            'comments',
            'reactions',
            'critiques',
            'typos',
          ],
          rows,
        ),
      };
    }
    case 'discussed': {
      const o = await storyOverview({ db, userId, storyId, mostDiscussed: 100 });
      const rows = o.mostDiscussed.map((d) => [
        d.chapterNumber,
        d.chapterTitle,
        d.passageKey,
        d.pov?.name ?? '',
        d.comments,
        d.byType.reaction,
        d.byType.critique,
        d.byType.typo,
        d.excerpt,
      ]);
      return {
        filename: name(o.story.slug),
        csv: toCsv(
          [
            'chapter',
            'chapter_title',
            'passage',
            'pov',
            'comments',
            'reactions',
            'critiques',
            'typos',
            'text',
          ],
          rows,
        ),
      };
    }
    case 'passages': {
      if (!options.chapterId)
        throw new ServiceError('invalid', 'Choose a chapter.', {
          fieldErrors: { chapterId: ['Required for this table.'] },
        });
      const d = await chapterDetail({ db, userId, chapterId: options.chapterId });
      if (d.story.id !== storyId) throw new ServiceError('not_found', 'Chapter not found.');
      const rows = d.passages
        .filter((p) => p.kind === 'text')
        .map((p, i) => [
          i + 1,
          p.key,
          p.pov?.name ?? '',
          p.comments,
          p.byType.reaction,
          p.byType.critique,
          p.byType.typo,
          p.text,
        ]);
      return {
        filename: name(`${d.story.slug}-ch${d.chapter.number}`),
        csv: toCsv(['passage', 'key', 'pov', 'comments', 'reactions', 'critiques', 'typos', 'text'], rows),
      };
    }
    case 'series': {
      if (!options.from || !options.to)
        throw new ServiceError('invalid', 'Choose a date range.', {
          fieldErrors: { from: ['Required for this table.'] },
        });
      const s = await timeSeries({
        db,
        userId,
        storyId,
        chapterId: options.chapterId,
        from: options.from,
        to: options.to,
        granularity: options.granularity ?? 'day',
      });
      const rows = s.points.map((p) => [p.start, p.reads, p.reviews, p.comments]);
      return {
        filename: name(`${s.granularity}-${s.from}-${s.to}`),
        csv: toCsv(
          [s.granularity === 'week' ? 'week_starting' : 'day', 'reads', 'reviews', 'comments'],
          rows,
        ),
      };
    }
    case 'inbox': {
      const items: InboxItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await feedbackInbox({
          db,
          userId,
          filters: { ...options.filters, storyId },
          cursor,
          limit: 500,
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < MAX_INBOX_ROWS);
      const rows = items.map((i) => [
        i.createdAt,
        i.kind,
        i.chapter.number,
        i.chapter.title,
        i.author.username,
        i.type ?? '',
        i.verdict ?? '',
        i.pov?.name ?? '',
        i.passageKey ?? '',
        i.quote ?? '',
        i.body,
        i.seen ? 'read' : 'unread',
      ]);
      return {
        filename: name(storyId),
        csv: toCsv(
          [
            'created_at',
            'kind',
            'chapter',
            'chapter_title',
            'author',
            'type',
            'verdict',
            'pov',
            'passage',
            'quote',
            'text',
            'status',
          ],
          rows,
        ),
      };
    }
  }
}
