// What an anonymous reader's page of a story was rendered under: the story's and the users'
// content versions (bumped by triggers in the same transaction as every write that changes such
// a page — the content_versions migration) and how many scheduled chapters have come due (time
// changes a page without any write). The app caches anonymous chapter pages per instance and
// serves a copy only while this answer stays the same, so every instance sees every commit.
import { type Database, Prisma } from '@margins/db';
import { contentVersionOf } from '../access';

interface Row {
  public: boolean;
  version: string;
  due: number;
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
           (SELECT count(*)::int FROM "Chapter" c WHERE c."storyId" = s.id AND c.status = 'scheduled' AND c."publishAt" <= ${now}) AS due
      FROM "Story" s
     WHERE s.slug = ${slug}`);
  if (!row || !row.public) return null;
  return `${row.version}.${row.due}`;
}
