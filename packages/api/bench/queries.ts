// The dashboard's questions, each asked two ways on the same data: from the rollups (what the
// services run) and as the straightforward aggregate over the raw tables (what the dashboard
// would run without them). Both sides apply the same counting rules (docs/dashboard.md).
type Counts = Record<string, unknown>;

export interface QueryPair {
  name: string;
  what: string;
  rollup: string[];
  raw: string[];
  /**
   * Where both sides' answers can be compared: what differs between them, given each side's
   * rows per statement (empty when they agree). The bench stops on a difference rather than
   * time two sides that do not answer the same question.
   */
  differences?: (rollup: Counts[][], raw: Counts[][]) => string[];
}

const CHAPTER_FIGURES = [
  'reads',
  'readers',
  'retained',
  'reviews',
  'yays',
  'nays',
  'pacingSum',
  'pacingCount',
  'charactersSum',
  'charactersCount',
  'povClaritySum',
  'povClarityCount',
  'proseSum',
  'proseCount',
] as const;
const PASSAGE_FIGURES = ['comments', 'reactions', 'critiques', 'typos'] as const;
const heat = (rows: unknown) =>
  ((rows ?? []) as Counts[])
    .map((p) => [String(p.passageKey), ...PASSAGE_FIGURES.map((f) => Number(p[f]))].join(' '))
    .sort()
    .join('\n');

/** $1 = story id, $2 = chapter id, $3 = author (user) id. */
export const PAIRS: QueryPair[] = [
  {
    name: 'story overview',
    what: 'per-chapter reads, readers, reviews, verdicts, aspect sums, comments by type, retention; story readers',
    rollup: [
      `SELECT cs.*, st.readers AS "storyReaders" FROM "ChapterStat" cs LEFT JOIN "StoryStat" st ON st."storyId" = cs."storyId" WHERE cs."storyId" = $1`,
    ],
    raw: [
      `WITH ch AS (SELECT id FROM "Chapter" WHERE "storyId" = $1),
       rd AS (SELECT r."chapterId", count(*) AS reads, count(DISTINCT r."userId") AS readers FROM "ChapterRead" r JOIN ch ON ch.id = r."chapterId"
              WHERE NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = r."userId") GROUP BY r."chapterId"),
       rv AS (SELECT v."chapterId", count(*) AS reviews, count(*) FILTER (WHERE verdict = 'yay') AS yays, count(*) FILTER (WHERE verdict = 'nay') AS nays,
                sum(pacing) AS ps, count(pacing) AS pc, sum(characters) AS cs, count(characters) AS cc, sum("povClarity") AS vs, count("povClarity") AS vc,
                sum(prose) AS rs, count(prose) AS rc
              FROM "Review" v JOIN ch ON ch.id = v."chapterId"
              WHERE v.status = 'visible' AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = v."authorId" AND m.role IN ('owner', 'coauthor'))
              GROUP BY v."chapterId"),
       cm AS (SELECT i."chapterId", count(*) AS comments, count(*) FILTER (WHERE type = 'reaction') AS reactions,
                count(*) FILTER (WHERE type = 'critique') AS critiques, count(*) FILTER (WHERE type = 'typo') AS typos
              FROM "InlineComment" i JOIN ch ON ch.id = i."chapterId"
              WHERE i.status = 'visible' AND i."betaRoundId" IS NULL AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor'))
              GROUP BY i."chapterId")
       SELECT ch.id, rd.*, rv.*, cm.* FROM ch LEFT JOIN rd ON rd."chapterId" = ch.id LEFT JOIN rv ON rv."chapterId" = ch.id LEFT JOIN cm ON cm."chapterId" = ch.id`,
      `SELECT count(DISTINCT r."userId") FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId"
       WHERE c."storyId" = $1 AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = r."userId")`,
      `WITH o AS (SELECT id, lead(id) OVER (ORDER BY position, id) AS nxt FROM "Chapter" WHERE "storyId" = $1 AND "publishedRevisionId" IS NOT NULL AND status <> 'draft'),
       rd AS (SELECT DISTINCT r."chapterId", r."userId" FROM "ChapterRead" r JOIN o ON o.id = r."chapterId"
              WHERE NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = r."userId"))
       SELECT o.id, count(b."userId") FROM o JOIN rd a ON a."chapterId" = o.id JOIN rd b ON b."chapterId" = o.nxt AND b."userId" = a."userId" GROUP BY o.id`,
    ],
  },
  {
    name: 'POV split + most discussed',
    what: 'comments per POV character (passages of the shown revision) and the 10 most discussed passages',
    // Rollup side: ChapterPovStat (one row per chapter × POV, kept by triggers); raw side: every
    // counted comment joined to its passage in the shown revision and that passage's segment.
    rollup: [
      `SELECT "characterId", sum(comments), sum(reactions), sum(critiques), sum(typos) FROM "ChapterPovStat" WHERE "storyId" = $1 GROUP BY "characterId"`,
      `SELECT * FROM "PassageStat" WHERE "storyId" = $1 AND comments > 0 ORDER BY comments DESC, "chapterId", "passageKey" LIMIT 10`,
    ],
    raw: [
      `SELECT s."characterId", count(*), count(*) FILTER (WHERE i.type = 'reaction'), count(*) FILTER (WHERE i.type = 'critique'), count(*) FILTER (WHERE i.type = 'typo')
       FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId"
       JOIN "Passage" p ON p."revisionId" = COALESCE(c."publishedRevisionId", c."currentRevisionId") AND p.key = i."passageKey"
       JOIN "Segment" s ON s.id = p."segmentId"
       WHERE c."storyId" = $1 AND i.status = 'visible' AND i."betaRoundId" IS NULL AND s."characterId" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor'))
       GROUP BY s."characterId"`,
      `SELECT i."chapterId", i."passageKey", count(*) AS n FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId"
       WHERE c."storyId" = $1 AND i.status = 'visible' AND i."betaRoundId" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor'))
       GROUP BY i."chapterId", i."passageKey" ORDER BY n DESC, i."chapterId", i."passageKey" LIMIT 10`,
    ],
  },
  {
    name: 'chapter page',
    what: "everything a chapter's dashboard counts, for the story's busiest chapter: comments per passage by type (the heatmap), reads, readers, retention to the next chapter, reviews, verdicts, aspect averages",
    // The rollup side is what chapterDetail reads: an index-only scan of the chapter's PassageStat
    // rows ("PassageStat" (chapterId, comments, passageKey, reactions, critiques, typos)) and its
    // ChapterStat row. The raw side counts the same figures from InlineComment, ChapterRead and
    // Review in one statement (the chapter's totals by type are the sums of its passages).
    rollup: [
      `SELECT "passageKey", comments, reactions, critiques, typos FROM "PassageStat" WHERE "chapterId" = $2 AND comments > 0`,
      `SELECT * FROM "ChapterStat" WHERE "chapterId" = $2`,
    ],
    raw: [
      `WITH c AS (SELECT id, "storyId", position FROM "Chapter" WHERE id = $2),
       nx AS (SELECT n.id FROM "Chapter" n, c WHERE n."storyId" = c."storyId" AND n."publishedRevisionId" IS NOT NULL AND n.status <> 'draft'
              AND (n.position, n.id) > (c.position, c.id) ORDER BY n.position, n.id LIMIT 1),
       rd AS (SELECT r."userId" FROM "ChapterRead" r, c WHERE r."chapterId" = c.id
              AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" = r."userId")),
       hm AS (SELECT i."passageKey", count(*) AS comments, count(*) FILTER (WHERE type = 'reaction') AS reactions,
                     count(*) FILTER (WHERE type = 'critique') AS critiques, count(*) FILTER (WHERE type = 'typo') AS typos
              FROM "InlineComment" i, c WHERE i."chapterId" = c.id AND i.status = 'visible' AND i."betaRoundId" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor'))
              GROUP BY i."passageKey")
       SELECT (SELECT count(*) FROM rd) AS reads, (SELECT count(DISTINCT "userId") FROM rd) AS readers,
              (SELECT count(DISTINCT r."userId") FROM "ChapterRead" r JOIN nx ON nx.id = r."chapterId" WHERE r."userId" IN (SELECT "userId" FROM rd)) AS retained,
              v.*, (SELECT json_agg(hm) FROM hm) AS passages
       FROM (SELECT count(*) AS reviews, count(*) FILTER (WHERE verdict = 'yay') AS yays, count(*) FILTER (WHERE verdict = 'nay') AS nays,
                    sum(pacing) AS "pacingSum", count(pacing) AS "pacingCount", sum(characters) AS "charactersSum", count(characters) AS "charactersCount",
                    sum("povClarity") AS "povClaritySum", count("povClarity") AS "povClarityCount", sum(prose) AS "proseSum", count(prose) AS "proseCount"
             FROM "Review" v, c WHERE v."chapterId" = c.id AND v.status = 'visible'
               AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = c."storyId" AND m."userId" = v."authorId" AND m.role IN ('owner', 'coauthor'))) v`,
    ],
    differences: ([heatRows, [stat = {}] = []], [[raw = {}] = []]) => {
      const out: string[] = CHAPTER_FIGURES.filter((f) => Number(stat[f] ?? 0) !== Number(raw[f] ?? 0)).map(
        (f) => `${f}: ${String(stat[f])} vs ${String(raw[f])}`,
      );
      for (const f of PASSAGE_FIGURES) {
        const total = ((raw.passages ?? []) as Counts[]).reduce((n, p) => n + Number(p[f]), 0);
        if (Number(stat[f] ?? 0) !== total) out.push(`chapter ${f}: ${String(stat[f])} vs ${total}`);
      }
      if (heat(heatRows) !== heat(raw.passages)) out.push('comments per passage');
      return out;
    },
  },
  {
    name: 'time series, 365 days',
    what: 'reads, reviews and comments per day over a year for the whole story',
    rollup: [
      `SELECT day, sum(reads), sum(reviews), sum(comments) FROM "DailyStat"
       WHERE "storyId" = $1 AND day BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY day`,
    ],
    raw: [
      `SELECT day, sum(reads), sum(reviews), sum(comments) FROM (
         SELECT r."readAt"::date AS day, 1 AS reads, 0 AS reviews, 0 AS comments FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId"
         WHERE c."storyId" = $1 AND r."readAt" >= '2025-01-01' AND r."readAt" < '2026-01-01'
           AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = r."userId")
         UNION ALL
         SELECT v."createdAt"::date, 0, 1, 0 FROM "Review" v JOIN "Chapter" c ON c.id = v."chapterId"
         WHERE c."storyId" = $1 AND v.status = 'visible' AND v."createdAt" >= '2025-01-01' AND v."createdAt" < '2026-01-01'
           AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = v."authorId" AND m.role IN ('owner', 'coauthor'))
         UNION ALL
         SELECT i."createdAt"::date, 0, 0, 1 FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId"
         WHERE c."storyId" = $1 AND i.status = 'visible' AND i."betaRoundId" IS NULL AND i."createdAt" >= '2025-01-01' AND i."createdAt" < '2026-01-01'
           AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = $1 AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor'))
       ) e GROUP BY day`,
    ],
  },
  {
    name: 'my stories',
    what: "key figures for every story of the story's owner (the /dashboard list)",
    rollup: [
      `SELECT me."storyId", st.readers, x.* FROM "StoryMember" me
       LEFT JOIN "StoryStat" st ON st."storyId" = me."storyId"
       LEFT JOIN LATERAL (SELECT sum(reads) AS reads, sum(reviews) AS reviews, sum(yays) AS yays, sum(nays) AS nays, sum(comments) AS comments
                          FROM "ChapterStat" cs WHERE cs."storyId" = me."storyId") x ON TRUE
       WHERE me."userId" = $3 AND me.role IN ('owner', 'coauthor')`,
    ],
    raw: [
      `SELECT me."storyId",
         (SELECT count(*) FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId" WHERE c."storyId" = me."storyId"
            AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = me."storyId" AND m."userId" = r."userId")),
         (SELECT count(DISTINCT r."userId") FROM "ChapterRead" r JOIN "Chapter" c ON c.id = r."chapterId" WHERE c."storyId" = me."storyId"
            AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = me."storyId" AND m."userId" = r."userId")),
         (SELECT count(*) FROM "Review" v JOIN "Chapter" c ON c.id = v."chapterId" WHERE c."storyId" = me."storyId" AND v.status = 'visible'
            AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = me."storyId" AND m."userId" = v."authorId" AND m.role IN ('owner', 'coauthor'))),
         (SELECT count(*) FROM "InlineComment" i JOIN "Chapter" c ON c.id = i."chapterId" WHERE c."storyId" = me."storyId" AND i.status = 'visible' AND i."betaRoundId" IS NULL
            AND NOT EXISTS (SELECT 1 FROM "StoryMember" m WHERE m."storyId" = me."storyId" AND m."userId" = i."authorId" AND m.role IN ('owner', 'coauthor')))
       FROM "StoryMember" me WHERE me."userId" = $3 AND me.role IN ('owner', 'coauthor')`,
    ],
  },
];
