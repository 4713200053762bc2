// The dashboard benchmark's data: a deterministic generated dataset on PostgreSQL, built
// server-side with INSERT … SELECT over generate_series, so a million comments load in about a
// minute on 2 cores. "Random" choices come from a hash of (stream, index) — the same scale
// always gives the same rows. The tables' triggers are switched off during the bulk load and
// the rollups are then rebuilt from the raw tables in one pass (dashboard_rebuild_all, which
// also derives the per-POV ChapterPovStat rows), exactly what the triggers would have produced
// row by row (tests check that equivalence).
import type pg from 'pg';

export interface Shape {
  scale: number;
  stories: number;
  chaptersPerStory: number;
  chapters: number;
  passagesPerChapter: number;
  users: number;
  authors: number;
  comments: number;
  /** Average reviews per chapter (linearly fewer for later chapters). */
  reviewsPerChapter: number;
  /** Readers of the most read story; later stories have fewer (quadratic fall-off). */
  maxReadersPerStory: number;
}

export function shapeFor(scale: number): Shape {
  const stories = Math.max(2, Math.round(200 * scale));
  const chaptersPerStory = 25;
  return {
    scale,
    stories,
    chaptersPerStory,
    chapters: stories * chaptersPerStory,
    passagesPerChapter: 40,
    users: Math.max(2_000, Math.round(20_000 * scale)),
    authors: Math.max(1, Math.round(stories / 2)),
    comments: Math.round(1_000_000 * scale),
    reviewsPerChapter: 40,
    maxReadersPerStory: 2_000,
  };
}

const TRIGGERS: [string, string][] = [
  ['InlineComment', 'dashboard_rollup'],
  ['Review', 'dashboard_rollup'],
  ['ChapterRead', 'dashboard_rollup'],
  ['StoryMember', 'dashboard_rollup'],
  ['Chapter', 'dashboard_reading_order'],
  ['Chapter', 'dashboard_pov_rollup'],
  ['Segment', 'dashboard_pov_rollup'],
  // The inbox's stored story and POV (migrations inbox_story_scan, inbox_pov).
  ['InlineComment', 'inbox_story_on_comment'],
  ['InlineComment', 'inbox_pov_on_comment'],
  ['Segment', 'inbox_pov_on_segment'],
];

/** The dashboard's triggers only (what the write-cost measurement switches off and on). */
export async function setTriggers(client: pg.Client, enabled: boolean): Promise<void> {
  for (const [table, trigger] of TRIGGERS)
    await client.query(`ALTER TABLE "${table}" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger}`);
}

/** Every table the generator fills. */
const LOADED = [
  'User',
  'Story',
  'StoryMember',
  'PovCharacter',
  'Chapter',
  'ChapterRevision',
  'Segment',
  'Passage',
  'InlineComment',
  'Review',
  'ChapterRead',
];

/**
 * The bulk load runs with every user trigger of the loaded tables off (foreign-key checks stay
 * on), not only the dashboard's: a per-row trigger of another feature firing a million times
 * would dominate the load (one that bumps a per-story counter made the million-comment insert
 * take over 20 minutes). The dashboard rollups are rebuilt afterwards; nothing else the other triggers
 * derive is read by this benchmark.
 */
async function setLoadTriggers(client: pg.Client, enabled: boolean): Promise<void> {
  for (const table of LOADED)
    await client.query(`ALTER TABLE "${table}" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER USER`);
}

/** Loads the dataset into an empty, migrated database; `log` gets one line per step. */
export async function generate(
  client: pg.Client,
  s: Shape,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const step = async (what: string, sql: string) => {
    const t = performance.now();
    const r = await client.query(sql);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  // u(stream, i): a uniform number in [0, 1) from a hash; deterministic across runs and machines.
  await client.query(`CREATE OR REPLACE FUNCTION bench_u(stream INT, i BIGINT) RETURNS FLOAT8 LANGUAGE sql IMMUTABLE AS
    $$ SELECT (hashtextextended(stream::text || ':' || i::text, 0) & 2147483647)::float8 / 2147483648 $$`);
  await setLoadTriggers(client, false);
  const { stories: S, chaptersPerStory: K, chapters: C, passagesPerChapter: P, users: U, authors: A } = s;
  const day0 = `TIMESTAMP '2026-01-01 00:00:00'`;

  await step(
    'users',
    `INSERT INTO "User" (id, username, email, "passwordHash")
    SELECT 'bu' || i, 'bench_r' || i, 'bench_r' || i || '@example.test', 'x' FROM generate_series(0, ${U - 1}) i
    UNION ALL
    SELECT 'ba' || i, 'bench_a' || i, 'bench_a' || i || '@example.test', 'x' FROM generate_series(0, ${A - 1}) i`,
  );
  await step(
    'stories',
    `INSERT INTO "Story" (id, slug, title, visibility, "publishedAt", "updatedAt")
    SELECT 'bs' || i, 'bench-' || i, 'Bench story ' || i, 'public', ${day0} - INTERVAL '400 days', ${day0} FROM generate_series(0, ${S - 1}) i`,
  );
  // Owners, a co-author on every 10th story, and two beta readers per story who also read
  // (their reads must not count).
  await step(
    'members',
    `INSERT INTO "StoryMember" ("storyId", "userId", role)
    SELECT 'bs' || i, 'ba' || (i % ${A}), 'owner'::"MemberRole" FROM generate_series(0, ${S - 1}) i
    UNION ALL SELECT 'bs' || i, 'ba' || ((i + 1) % ${A}), 'coauthor' FROM generate_series(0, ${S - 1}) i WHERE i % 10 = 0 AND ${A} > 1
    UNION ALL SELECT 'bs' || i, 'bu' || ((i * 104729 + b * 31) % ${U}), 'beta' FROM generate_series(0, ${S - 1}) i, generate_series(0, 1) b`,
  );
  await step(
    'POV characters',
    `INSERT INTO "PovCharacter" (id, "storyId", name, color, position)
    SELECT 'bp' || i || x.k, 'bs' || i, x.name, x.color, x.pos FROM generate_series(0, ${S - 1}) i,
      (VALUES ('a', 'Ann', '#1f6feb', 0), ('b', 'Ben', '#b35900', 1)) AS x(k, name, color, pos)`,
  );
  await step(
    'chapters',
    `INSERT INTO "Chapter" (id, "storyId", position, title, status, "publishedAt", "updatedAt")
    SELECT 'bc' || c, 'bs' || (c / ${K}), c % ${K} + 1, 'Chapter ' || (c % ${K} + 1), 'published', ${day0} - INTERVAL '400 days', ${day0}
    FROM generate_series(0, ${C - 1}) c`,
  );
  await step(
    'revisions',
    `INSERT INTO "ChapterRevision" (id, "chapterId", number, source, markup, format, convention, "wordCount", "authorId")
    SELECT 'br' || c, 'bc' || c, 1, '', '', 'markdown', 'directives', ${P * 25}, 'ba' || ((c / ${K}) % ${A}) FROM generate_series(0, ${C - 1}) c`,
  );
  await step(
    'chapters → revisions',
    `UPDATE "Chapter" SET "publishedRevisionId" = 'br' || substr(id, 3), "currentRevisionId" = 'br' || substr(id, 3) WHERE id LIKE 'bc%'`,
  );
  await step(
    'segments',
    `INSERT INTO "Segment" (id, "revisionId", position, "characterId", "wordCount")
    SELECT 'bg' || c || '-' || k, 'br' || c, k, 'bp' || (c / ${K}) || (CASE k WHEN 0 THEN 'a' ELSE 'b' END), ${(P / 2) * 25}
    FROM generate_series(0, ${C - 1}) c, generate_series(0, 1) k`,
  );
  await step(
    'passages',
    `INSERT INTO "Passage" (id, "segmentId", "revisionId", position, key, kind, html, text, hash, "wordCount", line)
    SELECT 'bq' || c || '-' || j, 'bg' || c || '-' || (j * 2 / ${P}), 'br' || c, j, 'k' || j, 'text',
      '<p>Passage ' || j || ' of chapter ' || c || ', where the keeper counts the gulls again and writes the number down.</p>',
      'Passage ' || j || ' of chapter ' || c || ', where the keeper counts the gulls again and writes the number down.', 'h' || j, 25, j * 2 + 1
    FROM generate_series(0, ${C - 1}) c, generate_series(0, ${P - 1}) j`,
  );

  // Comments: chapter = C·u², so early stories are the popular ones (the largest gets ~7 %);
  // passages skewed towards each chapter's opening; 60/30/10 reaction/critique/typo; 3 % hidden.
  // povCharacterId and storyId are what the insert triggers (off here) would set: the first half
  // of a chapter's passages is Ann's segment, the second half Ben's (as the segments above are
  // built), and chapter c is in story c / K. Set in
  // the insert rather than by an UPDATE afterwards, which would rewrite the table grouped by
  // chapter and make the raw aggregates unrealistically fast.
  await step(
    'inline comments',
    `INSERT INTO "InlineComment" (id, "chapterId", "authorId", "revisionId", "passageKey", body, type, visibility, status, "createdAt", "updatedAt", "povCharacterId", "storyId")
    SELECT 'bi' || i, 'bc' || ch, 'bu' || floor(${U} * bench_u(5, i))::int, 'br' || ch, 'k' || pj,
      'Bench comment ' || i,
      (CASE WHEN bench_u(3, i) < 0.6 THEN 'reaction' WHEN bench_u(3, i) < 0.9 THEN 'critique' ELSE 'typo' END)::"CommentType",
      'public', (CASE WHEN bench_u(4, i) < 0.03 THEN 'hidden' ELSE 'visible' END)::"CommentStatus", t, t,
      'bp' || (ch / ${K}) || (CASE pj * 2 / ${P} WHEN 0 THEN 'a' ELSE 'b' END), 'bs' || (ch / ${K})
    FROM (SELECT i, floor(${C} * power(bench_u(1, i), 2))::int AS ch, floor(${P} * power(bench_u(2, i), 1.5))::int AS pj,
                 ${day0} - bench_u(6, i) * INTERVAL '365 days' AS t
          FROM generate_series(0, ${s.comments - 1}) i) g`,
  );

  // Reviews: chapter c gets about 2·avg·(1 − c/C) + 1 distinct reviewers; 70 % yay; each aspect
  // rated 80 % of the time.
  await step(
    'reviews',
    `INSERT INTO "Review" (id, "chapterId", "authorId", verdict, pacing, characters, "povClarity", prose, status, "createdAt", "updatedAt")
    SELECT 'bv' || c || '-' || j, 'bc' || c, 'bu' || ((c * 7919 + j) % ${U}),
      (CASE WHEN bench_u(7, n) < 0.7 THEN 'yay' ELSE 'nay' END)::"Verdict",
      CASE WHEN bench_u(8, n) < 0.8 THEN 1 + floor(5 * bench_u(9, n))::int END,
      CASE WHEN bench_u(10, n) < 0.8 THEN 1 + floor(5 * bench_u(11, n))::int END,
      CASE WHEN bench_u(12, n) < 0.8 THEN 1 + floor(5 * bench_u(13, n))::int END,
      CASE WHEN bench_u(14, n) < 0.8 THEN 1 + floor(5 * bench_u(15, n))::int END,
      (CASE WHEN bench_u(16, n) < 0.02 THEN 'hidden' ELSE 'visible' END)::"CommentStatus", t, t
    FROM generate_series(0, ${C - 1}) c,
      LATERAL generate_series(0, floor(${2 * s.reviewsPerChapter} * (1 - c::float8 / ${C}))::int) j,
      LATERAL (SELECT c::bigint * 100000 + j AS n, ${day0} - bench_u(17, c::bigint * 100000 + j) * INTERVAL '365 days' AS t) x`,
  );

  // Reads: story s has R_s readers (quadratic fall-off from the first story); reader j reads
  // chapters 1…k (k skewed low: most readers drop off early), and re-reads 20 % of them two days
  // later — a second Read, since more than 24 hours passed.
  await step(
    'reads',
    `INSERT INTO "ChapterRead" (id, "chapterId", "userId", "readAt")
    SELECT 'bx' || s || '-' || j || '-' || ch || '-' || r, 'bc' || (s * ${K} + ch), 'bu' || ((s::bigint * 104729 + j * 31) % ${U}),
      ${day0} - (bench_u(19, s::bigint * 1000000 + j) * 300) * INTERVAL '1 day' + (ch * 12 + r * 48) * INTERVAL '1 hour'
    FROM generate_series(0, ${S - 1}) s,
      LATERAL generate_series(0, 20 + floor(${s.maxReadersPerStory} * power(1 - s::float8 / ${S}, 2))::int) j,
      LATERAL generate_series(0, floor(${K - 1} * power(bench_u(18, s::bigint * 1000000 + j), 2))::int) ch,
      LATERAL generate_series(0, CASE WHEN bench_u(20, (s::bigint * 1000000 + j) * 100 + ch) < 0.2 THEN 1 ELSE 0 END) r`,
  );

  const t = performance.now();
  await client.query('SELECT dashboard_rebuild_all()');
  log(`  rollups rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await setLoadTriggers(client, true);
  const v = performance.now();
  await client.query('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE in ${((performance.now() - v) / 1000).toFixed(1)} s`);
  return counts(client);
}

export async function counts(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM "Story") AS stories, (SELECT count(*) FROM "Chapter") AS chapters, (SELECT count(*) FROM "Passage") AS passages,
    (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "InlineComment") AS comments, (SELECT count(*) FROM "Review") AS reviews,
    (SELECT count(*) FROM "ChapterRead") AS reads`);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}
