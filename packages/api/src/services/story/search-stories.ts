import { type Database, Prisma } from '@margins/db';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';

/**
 * Full-text search over title, summary and tag names of public stories, ranked by ts_rank.
 * `websearch_to_tsquery` accepts what people type ("quoted phrases", -exclusions, or) and
 * never raises a syntax error. The 'english' configuration ships with PGlite too.
 * Each story's document (title A, tags B, summary C) is a column kept by triggers in the same
 * transaction as the writes that change it, with a GIN index (migration story_search).
 */
export async function searchStories(options: { db: Database; now: Date; query: string; limit?: number }): Promise<StorySummary[]> {
  const { db, now, query, limit = 20 } = options;
  const hits = await db.prisma.$queryRaw<{ id: string; rank: number }[]>(Prisma.sql`
    SELECT s.id, ts_rank(s."searchDocument", q.query) AS rank
    FROM "Story" s, websearch_to_tsquery('english', ${query}) AS q(query)
    WHERE s."searchDocument" @@ q.query AND s.visibility = 'public' AND s."publishedAt" IS NOT NULL
    ORDER BY rank DESC, s."publishedAt" DESC, s.id
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
