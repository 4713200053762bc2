// Full-text search over what a reader may read: a public story's stored document (title A, tag
// names B, summary C; story_search_document) and each live chapter's (title B, published text D;
// chapter_search_document), both kept by triggers in the same transaction as the writes that
// change them, each with a GIN index. A draft chapter, a revision not yet published, a scheduled
// chapter before its time and a private story are never matched, counted or quoted: the
// visibility rules below are applied in the same query as the match, before anything is counted.
import { type Database, Prisma } from '@margins/db';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';
import { tsqueryOf } from './search-query';
import { liveChapterSql, storyFilterSql, visibleStorySql, type StoryFilter } from './story-filter';

/** A piece of a snippet; `mark` pieces are the matched words. Plain text: the page escapes it. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface SearchHit extends StorySummary {
  rank: number;
  /** Where the words were found in the text, when a chapter matched. */
  passage: {
    /** The chapter's number as readers see it (live chapters only). */
    chapterNumber: number;
    chapterTitle: string;
    /** The passage to link to (`#p-<key>`); null when only the chapter's title matched. */
    key: string | null;
  } | null;
  /** The matched words in context: from the passage, else from the summary; empty if neither. */
  snippet: SnippetPart[];
}

export interface SearchOptions extends StoryFilter {
  db: Database;
  now: Date;
  query: string;
  offset?: number;
  limit?: number;
}

const visibleStory = visibleStorySql;
const liveChapter = (now: Date) => liveChapterSql(now);
// Control characters cannot come from ts_headline's input (they are removed from it first), so
// they mark the matched words unambiguously; no HTML is ever built from the text in SQL.
const HEADLINE = Prisma.sql`'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=35, MinWords=15, MaxFragments=2'`;
const cleaned = (column: Prisma.Sql) => Prisma.sql`translate(${column}, chr(1) || chr(2), '')`;

interface Row {
  id: string;
  rank: number;
  total: number;
  chapterNumber: number | null;
  chapterTitle: string | null;
  passageKey: string | null;
  headline: string | null;
}

/** Ranked hits (a page of them) and how many stories match in all. */
export async function searchStoriesPage(
  options: SearchOptions,
): Promise<{ hits: SearchHit[]; total: number }> {
  const { db, now, query, offset = 0, limit = 20 } = options;
  const q = tsqueryOf(query);
  const live = liveChapter(now);
  const visible = Prisma.sql`${visibleStory} AND ${storyFilterSql(options, now)}`;
  const rows = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    WITH q AS (SELECT ${q} AS query),
    matched AS (
      SELECT s.id, ts_rank(s."searchDocument", q.query) AS r
      FROM "Story" s, q WHERE s."searchDocument" @@ q.query AND ${visible}
      UNION ALL
      SELECT c."storyId", max(ts_rank(c."searchDocument", q.query))
      FROM "Chapter" c JOIN "Story" s ON s.id = c."storyId", q
      WHERE c."searchDocument" @@ q.query AND ${live} AND ${visible}
      GROUP BY c."storyId"
    ),
    ranked AS (
      SELECT m.id, sum(m.r)::float8 AS rank, count(*) OVER ()::int AS total, s."publishedAt", s.summary
      FROM matched m JOIN "Story" s ON s.id = m.id
      GROUP BY m.id, s."publishedAt", s.summary
      ORDER BY rank DESC, s."publishedAt" DESC, m.id
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT h.id, h.rank, h.total,
           bc.number AS "chapterNumber", bc.title AS "chapterTitle", bp.key AS "passageKey",
           CASE WHEN bp.key IS NOT NULL THEN ts_headline('english', ${cleaned(Prisma.sql`bp.text`)}, q.query, ${HEADLINE})
                WHEN to_tsvector('english', h.summary) @@ q.query THEN ts_headline('english', ${cleaned(Prisma.sql`h.summary`)}, q.query, ${HEADLINE})
           END AS headline
    FROM ranked h CROSS JOIN q
    -- The best live chapter, numbered as readers see the table of contents (live chapters only).
    LEFT JOIN LATERAL (
      SELECT c.title, c."publishedRevisionId",
             (SELECT count(*)::int FROM "Chapter" c2 WHERE c2."storyId" = c."storyId" AND c2.position <= c.position
                AND c2."publishedRevisionId" IS NOT NULL AND (c2.status = 'published' OR (c2.status = 'scheduled' AND c2."publishAt" <= ${now}))) AS number
      FROM "Chapter" c WHERE c."storyId" = h.id AND c."searchDocument" @@ q.query AND ${live}
      ORDER BY ts_rank(c."searchDocument", q.query) DESC, c.position LIMIT 1
    ) bc ON true
    -- Its best passage, from the published revision only. Passages are matched one by one, so a
    -- phrase across two passages finds the chapter but no passage: the link then goes to the chapter.
    LEFT JOIN LATERAL (
      SELECT p.key, p.text FROM "Passage" p
      WHERE p."revisionId" = bc."publishedRevisionId" AND to_tsvector('english', p.text) @@ q.query
      ORDER BY ts_rank(to_tsvector('english', p.text), q.query) DESC, p.position LIMIT 1
    ) bp ON true
    ORDER BY h.rank DESC, h."publishedAt" DESC, h.id
  `);
  if (rows.length === 0) {
    // Past the last page: the total still answers (a count with no rows to carry it).
    const total = offset > 0 ? await countMatches(options) : 0;
    return { hits: [], total };
  }
  const stories = await db.prisma.story.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: storySummarySelect,
  });
  const byId = new Map(stories.map((s) => [s.id, s]));
  const hits = rows.flatMap((r): SearchHit[] => {
    const story = byId.get(r.id);
    if (!story) return [];
    return [
      {
        ...toStorySummary(story, now),
        rank: r.rank,
        passage:
          r.chapterNumber === null
            ? null
            : { chapterNumber: r.chapterNumber, chapterTitle: r.chapterTitle ?? '', key: r.passageKey },
        snippet: r.headline === null ? [] : snippetParts(r.headline),
      },
    ];
  });
  return { hits, total: rows[0]!.total };
}

async function countMatches(options: SearchOptions): Promise<number> {
  const { db, now, query } = options;
  const [row] = await db.prisma.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM "Story" s WHERE ${visibleStory} AND ${storyFilterSql(options, now)} AND ${storyMatchesSql(query, now)}
  `);
  return row?.n ?? 0;
}

/** True for a story `s` whose own document or a live chapter's matches `query` (browse counts with it). */
export function storyMatchesSql(query: string, now: Date): Prisma.Sql {
  const q = tsqueryOf(query);
  return Prisma.sql`(s."searchDocument" @@ ${q} OR EXISTS (
      SELECT 1 FROM "Chapter" c WHERE c."storyId" = s.id AND c."searchDocument" @@ ${q} AND ${liveChapter(now)}))`;
}

/** ts_headline's output with \x01…\x02 around matches, as parts. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of headline.replaceAll('\u0002', '\u0001').split('\u0001').entries()) {
    const text = piece.replace(/\s+/g, ' ');
    if (text) parts.push({ text, mark: i % 2 === 1 });
  }
  return parts;
}

/** The first hits, best first (story.search). */
export async function searchStories(options: SearchOptions): Promise<SearchHit[]> {
  return (await searchStoriesPage(options)).hits;
}
