// A generated catalogue for search and filter benchmarks: `stories` public stories of
// `chaptersPerStory` published chapters, each chapter `passages` passages of `wordsPerPassage`
// words drawn from a fixed vocabulary (Zipf-like: early words are common), ratings, languages,
// completion, tags and POV characters spread across them. Generated in SQL on the server, so 20,000
// stories / 100,000 chapters (60 M words) need no round trips; chapters are published by setting
// publishedRevisionId last, as the app does, so the search trigger builds each chapter's document.
// Run alone: `pnpm --filter @margins/bench catalogue -- --stories 20000` (BENCH_PG_URL, database
// margins_perf_catalogue recreated).
import type { Database } from '@margins/db';

export interface CatalogueSize {
  stories: number;
  chaptersPerStory: number;
  passages: number;
  wordsPerPassage: number;
}

/** The scale: 20,000 stories, 100,000 chapters, about 60 M words. */
export const FULL_CATALOGUE: CatalogueSize = {
  stories: 20_000,
  chaptersPerStory: 5,
  passages: 10,
  wordsPerPassage: 60,
};

// Common words first: the generator picks index floor(n * r^3), so the first few dominate.
const VOCABULARY = (
  'the and of to a in was he she it that his her with for on as at by had but not from they be this ' +
  'sea light lamp keeper tide harbour storm boat ledger rope gull stair window night morning winter ' +
  'salt wind rock shore fog bell door letter voice hand water iron coal oil glass wick cliff path ' +
  'mother brother sister friend stranger captain doctor widow child lantern beacon signal wreck ' +
  'compass chart anchor sail mast deck hull oar net kelp shell pebble drift current swell squall ' +
  'promise secret silence memory distance return departure arrival warning rescue harvest festival ' +
  'orchard meadow river bridge market chapel tower garden kitchen attic cellar library archive ' +
  'whisper laughter argument apology confession bargain journey inheritance portrait mirror'
).split(' ');

/** Planted in one passage of every 50th story (never drawn at random): what the bench searches for. */
export const RARE_WORD = 'thistlewick';
export const RATINGS = ['general', 'teen', 'mature', 'explicit', 'not_rated'] as const;

export async function generateCatalogue(
  db: Database,
  size: CatalogueSize,
  prefix = 'cat',
): Promise<{ words: number }> {
  const { stories, chaptersPerStory, passages, wordsPerPassage } = size;
  const vocab = VOCABULARY;
  const run = (sql: string, ...params: unknown[]) => db.prisma.$executeRawUnsafe(sql, ...params);
  await run(
    `INSERT INTO "User" (id, username, email, "passwordHash") VALUES ($1, $1, $1 || '@example.test', 'x') ON CONFLICT DO NOTHING`,
    `${prefix}_author`,
  );
  // Stories: public and published, metadata spread evenly.
  await run(
    `INSERT INTO "Story" (id, slug, title, summary, visibility, "publishedAt", rating, completion, language, "updatedAt")
     SELECT $1 || '_s' || g, $1 || '-' || g,
            initcap(($4::text[])[26 + (g * 7) % 80]) || ' ' || initcap(($4::text[])[26 + (g * 13) % 80]) || ' ' || g,
            'A story of ' || ($4::text[])[26 + (g * 3) % 80] || ' and ' || ($4::text[])[26 + (g * 11) % 80] || '.',
            'public', now() - (g || ' minutes')::interval,
            ($3::text[])[1 + g % 5]::"StoryRating",
            (CASE WHEN g % 3 = 0 THEN 'complete' ELSE 'in_progress' END)::"StoryCompletion",
            CASE WHEN g % 10 = 0 THEN 'fr' ELSE 'en' END,
            now() - (g || ' minutes')::interval
     FROM generate_series(1, $2::int) g`,
    prefix,
    stories,
    RATINGS,
    vocab,
  );
  await run(
    `INSERT INTO "StoryMember" ("storyId", "userId", role) SELECT id, $1, 'owner' FROM "Story" WHERE id LIKE $2`,
    `${prefix}_author`,
    `${prefix}\\_s%`,
  );
  // Ten freeform tags, three per story; two POV characters per story from a cast of eight.
  await run(
    `INSERT INTO "Tag" (id, kind, name) SELECT $1 || '_t' || g, 'freeform', 'Theme ' || g FROM generate_series(0, 9) g ON CONFLICT DO NOTHING`,
    prefix,
  );
  await run(
    `INSERT INTO "StoryTag" ("storyId", "tagId") SELECT s.id, $1 || '_t' || ((n + k) % 10) FROM "Story" s, LATERAL (SELECT substring(s.id from '[0-9]+$')::int AS n) x, generate_series(0, 2) k WHERE s.id LIKE $2`,
    prefix,
    `${prefix}\\_s%`,
  );
  await run(
    `INSERT INTO "PovCharacter" (id, "storyId", name, color, position)
     SELECT s.id || '_c' || k, s.id, (ARRAY['Mark','Lexie','Ada','Tom','Ines','Owen','Ruth','Sam'])[1 + (n + k * 3) % 8], '#1f6feb', k
     FROM "Story" s, LATERAL (SELECT substring(s.id from '[0-9]+$')::int AS n) x, generate_series(0, 1) k WHERE s.id LIKE $1`,
    `${prefix}\\_s%`,
  );
  // Chapters (drafts first), then one revision, one segment and the passages each.
  await run(
    `INSERT INTO "Chapter" (id, "storyId", position, title, "updatedAt")
     SELECT s.id || '_ch' || k, s.id, k, 'Chapter ' || k, now() FROM "Story" s, generate_series(1, $2::int) k WHERE s.id LIKE $1`,
    `${prefix}\\_s%`,
    chaptersPerStory,
  );
  await run(
    `INSERT INTO "ChapterRevision" (id, "chapterId", number, source, markup, format, convention, "wordCount", "authorId")
     SELECT c.id || '_r', c.id, 1, '', '', 'markdown', 'directives', $2::int, $3 FROM "Chapter" c WHERE c."storyId" LIKE $1`,
    `${prefix}\\_s%`,
    passages * wordsPerPassage,
    `${prefix}_author`,
  );
  await run(
    `INSERT INTO "Segment" (id, "revisionId", position, "wordCount") SELECT r.id || '_g', r.id, 0, r."wordCount" FROM "ChapterRevision" r WHERE r.id LIKE $1`,
    `${prefix}\\_s%`,
  );
  // Story by story in batches, so memory stays flat at the full scale.
  const batch = 1000;
  for (let from = 1; from <= stories; from += batch) {
    await run(
      `INSERT INTO "Passage" (id, "segmentId", "revisionId", position, key, kind, html, text, hash, "wordCount", line)
       SELECT r.id || '_p' || k, r.id || '_g', r.id, k, 'k' || k, 'text', '<p>' || t.text || '</p>', t.text, md5(t.text), $5::int, k
       FROM "ChapterRevision" r
       CROSS JOIN generate_series(0, $4::int - 1) k
       CROSS JOIN LATERAL (
         -- k and r.id in the row make the subquery run per passage, not once for all.
         SELECT string_agg(($6::text[])[1 + floor(cardinality($6::text[]) * power(random(), 3))::int], ' ') AS text
         FROM generate_series(1, $5::int + 0 * k + 0 * length(r.id))
       ) t
       WHERE r.id LIKE $1 AND substring(r.id from '_s([0-9]+)_')::int BETWEEN $2 AND $3`,
      `${prefix}\\_s%`,
      from,
      Math.min(stories, from + batch - 1),
      passages,
      wordsPerPassage,
      vocab,
    );
    console.log(
      `catalogue: passages for stories ${from}–${Math.min(stories, from + batch - 1)} of ${stories}`,
    );
  }
  await run(
    `UPDATE "Passage" SET text = text || ' the ${RARE_WORD} lantern', html = '<p>' || text || ' the ${RARE_WORD} lantern</p>'
     WHERE "revisionId" LIKE $1 AND "revisionId" LIKE '%\\_ch2\\_r' AND position = 3 AND substring("revisionId" from '_s([0-9]+)_')::int % 50 = 0`,
    `${prefix}\\_s%`,
  );
  // Published last: the trigger builds each chapter's search document from its passages.
  await run(
    `UPDATE "Chapter" SET status = 'published', "publishedAt" = now(), "publishedRevisionId" = id || '_r', "currentRevisionId" = id || '_r' WHERE "storyId" LIKE $1`,
    `${prefix}\\_s%`,
  );
  return { words: stories * chaptersPerStory * passages * wordsPerPassage };
}
