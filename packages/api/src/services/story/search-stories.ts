import { type Database, Prisma } from '@margins/db';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';

/**
 * Full-text search over title, summary and tag names of public stories, ranked by ts_rank.
 * `websearch_to_tsquery` accepts what people type ("quoted phrases", -exclusions, or) and
 * never raises a syntax error. The 'english' configuration ships with PGlite too.
 * No index backs this yet; at scale a generated tsvector column with a GIN index would.
 */
export async function searchStories(options: { db: Database; now: Date; query: string; limit?: number }): Promise<StorySummary[]> {
  const { db, now, query, limit = 20 } = options;
  const hits = await db.prisma.$queryRaw<{ id: string; rank: number }[]>(Prisma.sql`
    SELECT d.id, ts_rank(d.document, q.query) AS rank
    FROM (
      SELECT s.id, s."publishedAt",
        setweight(to_tsvector('english', s.title), 'A') ||
        setweight(to_tsvector('english', coalesce((
          SELECT string_agg(t.name, ' ') FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id
        ), '')), 'B') ||
        setweight(to_tsvector('english', s.summary), 'C') AS document
      FROM "Story" s
      WHERE s.visibility = 'public' AND s."publishedAt" IS NOT NULL
    ) d, websearch_to_tsquery('english', ${query}) AS q(query)
    WHERE d.document @@ q.query
    ORDER BY rank DESC, d."publishedAt" DESC, d.id
    LIMIT ${limit}
  `);
  if (hits.length === 0) return [];
  const rows = await db.prisma.story.findMany({ where: { id: { in: hits.map((h) => h.id) } }, select: storySummarySelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.flatMap((h) => {
    const row = byId.get(h.id);
    return row ? [toStorySummary(row, now)] : [];
  });
}
