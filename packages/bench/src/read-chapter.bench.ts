// `pnpm --filter @margins/bench bench:read` — reading a chapter through the API vs raw SQL.
// A 10,000-word chapter with 500 inline comments on PostgreSQL (database margins_perf_read,
// recreated each run). "Through the API" is what a reader's client asks for: `reading.chapter`
// and `comment.list`, as HTTP requests through tRPC's fetch adapter (routing, input validation,
// access checks, Prisma, JSON). The baseline fetches the same rows with hand-written SQL through
// `pg` and serialises them to JSON. Interleaved runs in one process; the ratio is of medians.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { appRouter, createContext, forgetCachedReads } from '@margins/api';
import { createAuth } from '@margins/auth';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import pg from 'pg';
import superjson from 'superjson';
import { freshDatabase, settle } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { inlineComments, publicStory } from './lib/fixture';
import { ms, stats, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const WORDS = 10_000;
const COMMENTS = 500;
const WARMUP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET = 1.5;

export interface ReadChapterResult {
  apiMs: Stats;
  /** The API pair with every cached read emptied before each round (a first read after any change). */
  coldMs: Stats;
  sqlMs: Stats;
  ratio: number;
  target: number;
  met: boolean;
  words: number;
  comments: number;
  passages: number;
  bytes: { api: number; sql: number };
  /** Each procedure's own time inside the concurrent pair (warm-up included). */
  parts: { chapter: Stats; comments: Stats };
}

export async function benchReadChapter(): Promise<ReadChapterResult> {
  const { url, db } = await freshDatabase(BASE, 'margins_perf_read');
  console.log('read-chapter: seeding a 10,000-word chapter and 500 comments…');
  const story = await publicStory(db, { prefix: 'rc', chapters: 1, words: WORDS });
  const chapterId = story.chapterIds[0]!;
  await inlineComments(db, { prefix: 'rc', chapterId, count: COMMENTS });
  await settle(url);
  const auth = createAuth(db);

  const get = async (path: string, input: unknown) => {
    const req = new Request(
      `http://margins.bench/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
    );
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: () =>
        createContext({
          db,
          auth,
          user: null,
          sessionId: null,
          clientAddress: '127.0.0.1',
          cookies: { setSession() {}, clearSession() {} },
        }),
    });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.text();
  };
  const parts = { chapter: [] as number[], comments: [] as number[] };
  const timed = async (list: number[], f: () => Promise<string>) => {
    const t0 = performance.now();
    const text = await f();
    list.push(performance.now() - t0);
    return text;
  };
  const viaApi = async () => {
    const [a, b] = await Promise.all([
      timed(parts.chapter, () => get('reading.chapter', { chapterId })),
      timed(parts.comments, () => get('comment.list', { chapterId })),
    ]);
    return a.length + b.length;
  };
  const viaApiCold = async () => {
    forgetCachedReads(db);
    return viaApi();
  };

  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const viaSql = async () => {
    const [chapter, segments, comments, counts] = await Promise.all([
      pool.query(
        `SELECT c.id, c.title, c.position, c.status, c."publishedAt", r.id AS "revisionId", r.number, r."wordCount",
                s.id AS "storyId", s.slug, s.title AS "storyTitle"
           FROM "Chapter" c JOIN "Story" s ON s.id = c."storyId" JOIN "ChapterRevision" r ON r.id = c."publishedRevisionId"
          WHERE c.id = $1`,
        [chapterId],
      ),
      pool.query(
        `SELECT g.position AS "segment", g."wordCount" AS "segmentWords", pc.name, pc.color,
                p.key, p.kind, p.html, p.text, p.position, p."wordCount"
           FROM "Chapter" c JOIN "Segment" g ON g."revisionId" = c."publishedRevisionId"
           JOIN "Passage" p ON p."segmentId" = g.id LEFT JOIN "PovCharacter" pc ON pc.id = g."characterId"
          WHERE c.id = $1 ORDER BY p.position`,
        [chapterId],
      ),
      pool.query(
        `SELECT ic.id, ic."parentId", ic."passageKey", ic."startOffset", ic."endOffset", ic.quote, ic.body, ic.type,
                ic.visibility, ic.status, ic."createdAt", ic."editedAt", u.id AS "authorId", u.username, u."displayName"
           FROM "InlineComment" ic JOIN "User" u ON u.id = ic."authorId"
          WHERE ic."chapterId" = $1 AND ic.status = 'visible' AND ic.visibility = 'public' ORDER BY ic."createdAt"`,
        [chapterId],
      ),
      pool.query(
        `SELECT ic."passageKey", count(*)::int AS n FROM "InlineComment" ic
          WHERE ic."chapterId" = $1 AND ic.status = 'visible' AND ic.visibility = 'public' AND ic."parentId" IS NULL
          GROUP BY ic."passageKey"`,
        [chapterId],
      ),
    ]);
    const a = JSON.stringify({
      chapter: chapter.rows[0],
      segments: segments.rows,
      counts: Object.fromEntries(counts.rows.map((r) => [r.passageKey, r.n])),
    });
    const b = JSON.stringify({ threads: comments.rows });
    return a.length + b.length;
  };

  const time = async (f: () => Promise<number>) => {
    const t0 = performance.now();
    const bytes = await f();
    return { ms: performance.now() - t0, bytes };
  };
  for (let i = 0; i < WARMUP; i++) {
    await viaApi();
    await viaSql();
  }
  const api: number[] = [];
  const sql: number[] = [];
  const cold: number[] = [];
  let bytes = { api: 0, sql: 0 };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, alternating which goes first, so drift on a noisy machine hits both.
    const order = i % 2 ? [viaSql, viaApi] : [viaApi, viaSql];
    for (const f of order) {
      const r = await time(f);
      if (f === viaApi) {
        api.push(r.ms);
        bytes.api = r.bytes;
      } else {
        sql.push(r.ms);
        bytes.sql = r.bytes;
      }
    }
  }
  // Not in the ratio's rounds (their per-procedure parts stay those of the warm reads).
  const partsWarm = { chapter: parts.chapter.slice(WARMUP), comments: parts.comments.slice(WARMUP) };
  for (let i = 0; i < RUNS; i++) cold.push((await time(viaApiCold)).ms);
  const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { publishedRevisionId: true },
  });
  const passages = await db.prisma.passage.count({ where: { revisionId: publishedRevisionId! } });
  await pool.end();
  await db.close();
  const apiMs = stats(api);
  const sqlMs = stats(sql);
  const ratio = apiMs.median / sqlMs.median;
  bytes = { ...bytes };
  return {
    apiMs,
    coldMs: stats(cold),
    sqlMs,
    ratio,
    target: TARGET,
    met: ratio <= TARGET,
    words: WORDS,
    comments: COMMENTS,
    passages,
    bytes,
    parts: { chapter: stats(partsWarm.chapter), comments: stats(partsWarm.comments) },
  };
}

export function readChapterSection(r: ReadChapterResult): string {
  return [
    '`pnpm --filter @margins/bench bench:read` (packages/bench/src/read-chapter.bench.ts) on PostgreSQL 15: a',
    `generated ${r.words.toLocaleString('en-US')}-word chapter (${r.passages} passages) with ${r.comments} inline comments (every fifth on a phrase,`,
    'from 50 readers), read anonymously. **API**: `reading.chapter` + `comment.list` as two concurrent GET',
    "requests through tRPC's fetch adapter in-process (validation, access checks, re-anchoring placement,",
    "Prisma, JSON). What the API keeps in memory per instance: a stored revision's text (it never changes), and",
    "the story frame, the comment counts and the anonymous thread list under the story's content version, which",
    'triggers bump with every write a reader sees and every request reads with its access check (`docs/architecture.md`,',
    '"Cached reads"). So a warm read still runs one access query per procedure; the row "first read" empties every',
    'cache before each round (a read right after a change). **Raw SQL**: the same rows (chapter, segments and passages with POV, visible comments',
    `with authors, counts per passage) in four concurrent hand-written queries through \`pg\`, serialised to JSON.`,
    `${WARMUP} warm-up rounds, then ${RUNS} interleaved rounds.`,
    '',
    '| what | median | min – max | p90 | response |',
    '| --- | --- | --- | --- | --- |',
    `| API (reading.chapter + comment.list) | ${ms(r.apiMs.median)} ms | ${ms(r.apiMs.min)} – ${ms(r.apiMs.max)} ms | ${ms(r.apiMs.p90)} ms | ${(r.bytes.api / 1024).toFixed(0)} KB |`,
    `| API, first read (caches emptied each round; not in the ratio) | ${ms(r.coldMs.median)} ms | ${ms(r.coldMs.min)} – ${ms(r.coldMs.max)} ms | ${ms(r.coldMs.p90)} ms | ${(r.bytes.api / 1024).toFixed(0)} KB |`,
    `| raw SQL through pg | ${ms(r.sqlMs.median)} ms | ${ms(r.sqlMs.min)} – ${ms(r.sqlMs.max)} ms | ${ms(r.sqlMs.p90)} ms | ${(r.bytes.sql / 1024).toFixed(0)} KB |`,
    '',
    `Inside the API pair: \`reading.chapter\` alone ${ms(r.parts.chapter.median)} ms median, \`comment.list\` alone ${ms(r.parts.comments.median)} ms median`,
    '(they run concurrently, so the pair costs about the slower of the two plus contention).',
    '',
    `Ratio API / raw SQL: **${r.ratio.toFixed(2)}×** (target ≤ ${r.target}×) — ${r.met ? 'met' : '**not met**'}. For a first read (every cache emptied): ${(r.coldMs.median / r.sqlMs.median).toFixed(2)}×.`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReadChapter();
  saveResult('read-chapter', r);
  replaceSection('Reading a chapter (API vs raw SQL)', readChapterSection(r));
  console.log(
    `read-chapter: API ${ms(r.apiMs.median)} ms, SQL ${ms(r.sqlMs.median)} ms, ratio ${r.ratio.toFixed(2)}×`,
  );
}
