// What an anonymous reader's page of a story was rendered under: the story's and the users'
// content versions (bumped by triggers in the same transaction as every write that changes such
// a page — the content_versions migration) and how many scheduled chapters have come due (time
// changes a page without any write). The app caches anonymous chapter pages per instance and
// serves a copy only while this answer stays the same, so every instance sees every commit.
// A story in a series also shows its place there ("Part 2 of 3", the next work's title): the
// series' public parts, and when the series or those works last changed, are part of the answer,
// so a sibling work taken private never lingers in a cached page.
import { type Database, Prisma } from '@margins/db';
import { contentVersionOf } from '../access';

interface Row {
  public: boolean;
  version: string;
  due: number;
  series: string | null;
}

/** null when the story does not exist or is not public: such pages are never cached. */
export async function readerPageVersion(options: {
  db: Database;
  slug: string;
  now: Date;
}): Promise<string | null> {
  const { db, slug, now } = options;
  const [row] = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    SELECT s.visibility = 'public' AND s."publishedAt" IS NOT NULL AND s."hiddenAt" IS NULL AS public,
           ${contentVersionOf(Prisma.sql`s.id`)} AS version,
           (SELECT count(*)::int FROM "Chapter" c WHERE c."storyId" = s.id AND c.status = 'scheduled' AND c."publishAt" <= ${now}) AS due,
           (SELECT md5(string_agg(sr.id || ':' || sr."updatedAt"::text || ':' || p2."storyId" || ':' || s2."updatedAt"::text, ',' ORDER BY sr.id, p2.position))
              FROM "SeriesPart" p1
              JOIN "Series" sr ON sr.id = p1."seriesId"
              JOIN "SeriesPart" p2 ON p2."seriesId" = sr.id
              JOIN "Story" s2 ON s2.id = p2."storyId" AND s2.visibility = 'public' AND s2."publishedAt" IS NOT NULL
             WHERE p1."storyId" = s.id) AS series
      FROM "Story" s
     WHERE s.slug = ${slug}`);
  if (!row || !row.public) return null;
  return row.series ? `${row.version}.${row.due}.${row.series.slice(0, 16)}` : `${row.version}.${row.due}`;
}
