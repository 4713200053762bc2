// `pnpm --filter @margins/bench bench:busy` — issue #16's targets for the reader who comments.
// The production build on PostgreSQL (database margins_perf_busy, recreated), one story with two
// 10,000-word chapters: chapter 1 with no comments, chapter 2 with 10,000 (500 through the API,
// the rest copies of them made in SQL, so seeding takes seconds; triggers run for every row).
//   1. Throughput (autocannon, 50 connections), each as a ratio to /login measured in the same
//      server run, rounds alternating: chapter 2 signed in (a session cookie: rendered every time),
//      and anonymous with the page cache on (served from memory); then, on a server with the page
//      cache off, anonymous not cached (what the first view after any write costs) against /login.
//   2. The busy chapter against the quiet one, signed in: bytes to open (HTML, and brotli as the
//      server sends it to a browser) and server time (sequential requests, medians).
// Options: --no-build (reuse apps/web/build), --seconds N per round, --rounds N.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import autocannon from 'autocannon';
import pg from 'pg';
import { sessionTokens } from './lib/client';
import { freshDatabase, settle } from './lib/database';
import { machineLine } from './lib/docs';
import { inlineComments, makeUsers, publicStory } from './lib/fixture';
import { buildWeb, runHttpBenchCommand, startWeb } from './lib/server';
import { stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const PORT = 4312;
const CONNECTIONS = 50;
const BUSY = 10_000;

export interface BusyResult {
  login: number;
  signedIn: number;
  anonymousCached: number;
  loginCacheOff: number;
  anonymousUncached: number;
  signedInRatio: number;
  cachedRatio: number;
  uncachedRatio: number;
  quiet: { bytes: number; br: number; ms: number; data: number };
  busy: { bytes: number; br: number; ms: number; data: number };
  bytesRatio: number;
  timeRatio: number;
  errors: number;
  seconds: number;
  rounds: number;
}

function cannon(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 30, headers }, (err, result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
  });
}

const rps = (r: autocannon.Result) => r.requests.total / r.duration;

/** Copies the chapter's comments in SQL until it has `total` (new ids, same anchors and authors). */
async function multiplyComments(url: string, chapterId: string, total: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "InlineComment" WHERE "chapterId" = $1',
      [chapterId],
    );
    const have = rows[0]!.n;
    const copies = Math.ceil((total - have) / have);
    await client.query(
      `INSERT INTO "InlineComment" (id, "chapterId", "authorId", "revisionId", "passageKey", quote, prefix, suffix, "startOffset", "endOffset",
                                    body, type, visibility, status, "createdAt", "updatedAt", "povCharacterId", "storyId")
       SELECT md5(random()::text || c.id || g)::text, c."chapterId", c."authorId", c."revisionId", c."passageKey", c.quote, c.prefix, c.suffix,
              c."startOffset", c."endOffset", c.body || ' (' || g || ')', c.type, c.visibility, c.status, c."createdAt" + g * interval '1 second',
              c."updatedAt", c."povCharacterId", c."storyId"
         FROM "InlineComment" c, generate_series(1, $2::int) g
        WHERE c."chapterId" = $1 AND c."parentId" IS NULL
        LIMIT $3`,
      [chapterId, copies, total - have],
    );
  } finally {
    await client.end();
  }
}

/** One page as a browser gets it: plain bytes, brotli bytes, and the server's time for it. */
async function open(
  url: string,
  cookie: string,
  n: number,
): Promise<{ bytes: number; br: number; ms: number; data: number }> {
  const times: number[] = [];
  let bytes = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    bytes = body.byteLength;
  }
  // Raw bytes on the wire with brotli (fetch would decode them): read through node:http.
  const { request } = await import('node:http');
  br = await new Promise<number>((resolve, reject) => {
    const req = request(url, { headers: { cookie, 'accept-encoding': 'br' } }, (res) => {
      let size = 0;
      res.on('data', (c: Buffer) => (size += c.byteLength));
      res.on('end', () => resolve(size));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  // What a client-side navigation to the page loads instead of the HTML.
  const data = (await (await fetch(`${url}/__data.json`, { headers: { cookie } })).arrayBuffer()).byteLength;
  return { bytes, br, ms: stats(times).median, data };
}

export async function benchBusyChapter(options: {
  build: boolean;
  seconds: number;
  rounds: number;
}): Promise<BusyResult> {
  buildWeb(!options.build);
  const { url, db } = await freshDatabase(BASE, 'margins_perf_busy');
  console.log('busy-chapter: seeding two 10,000-word chapters, 10,000 comments on the second…');
  const story = await publicStory(db, { prefix: 'bz', chapters: 2, words: 10_000 });
  await inlineComments(db, { prefix: 'bz', chapterId: story.chapterIds[1]!, count: 500 });
  await multiplyComments(url, story.chapterIds[1]!, BUSY);
  const [reader] = await makeUsers(db, 'bz_reader', 1);
  const [token] = await sessionTokens(db, [reader!.username]);
  await db.close();
  await settle(url);
  const cookie = `margins_session=${token!}`;

  const result = {
    login: [] as number[],
    signedIn: [] as number[],
    anonymousCached: [] as number[],
    loginCacheOff: [] as number[],
    anonymousUncached: [] as number[],
  };
  let errors = 0;
  const tally = (r: autocannon.Result) => (errors += r.non2xx + r.errors + r.timeouts);
  let server = await startWeb({ port: PORT, databaseUrl: url });
  let quiet;
  let busy;
  try {
    const page = (n: number) => `${server.origin}/s/${story.slug}/${n}`;
    const login = `${server.origin}/login`;
    quiet = await open(page(1), cookie, 3);
    busy = await open(page(2), cookie, 3);
    quiet = await open(page(1), cookie, 15);
    busy = await open(page(2), cookie, 15);
    console.log(
      `busy-chapter: quiet ${quiet.bytes} B (${quiet.br} br) ${quiet.ms.toFixed(1)} ms; busy ${busy.bytes} B (${busy.br} br) ${busy.ms.toFixed(1)} ms`,
    );
    // Warm: one request of each kind first (the first render of a 10,000-comment chapter fills
    // this instance's caches; 50 connections arriving on cold caches would all render it at once).
    await open(page(2), '', 1);
    await cannon(login, 3);
    await cannon(page(2), 3, { cookie });
    for (let i = 0; i < options.rounds; i++) {
      const runs: [keyof typeof result, string, Record<string, string>][] = [
        ['login', login, {}],
        ['signedIn', page(2), { cookie }],
        ['anonymousCached', page(2), {}],
      ];
      for (const [name, target, headers] of i % 2 ? runs.reverse() : runs) {
        const r = await cannon(target, options.seconds, headers);
        tally(r);
        if (r.requests.total === 0)
          throw new Error(
            `busy-chapter: no ${name} request finished in ${options.seconds} s (is the machine idle enough to measure?)`,
          );
        result[name].push(rps(r));
        console.log(
          `busy-chapter: ${name} round ${i + 1}: ${rps(r).toFixed(0)} req/s, p99 ${r.latency.p99} ms`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  server = await startWeb({ port: PORT, databaseUrl: url, extraEnv: { MARGINS_PAGE_CACHE_MB: '0' } });
  try {
    const page = `${server.origin}/s/${story.slug}/2`;
    const login = `${server.origin}/login`;
    await open(page, '', 1);
    await cannon(page, 3);
    for (let i = 0; i < options.rounds; i++) {
      const runs: [keyof typeof result, string][] = [
        ['loginCacheOff', login],
        ['anonymousUncached', page],
      ];
      for (const [name, target] of i % 2 ? runs.reverse() : runs) {
        const r = await cannon(target, options.seconds);
        tally(r);
        if (r.requests.total === 0)
          throw new Error(
            `busy-chapter: no ${name} request finished in ${options.seconds} s (is the machine idle enough to measure?)`,
          );
        result[name].push(rps(r));
        console.log(
          `busy-chapter: ${name} round ${i + 1}: ${rps(r).toFixed(0)} req/s, p99 ${r.latency.p99} ms`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const m = (xs: number[]) => stats(xs).median;
  return {
    login: m(result.login),
    signedIn: m(result.signedIn),
    anonymousCached: m(result.anonymousCached),
    loginCacheOff: m(result.loginCacheOff),
    anonymousUncached: m(result.anonymousUncached),
    signedInRatio: m(result.signedIn) / m(result.login),
    cachedRatio: m(result.anonymousCached) / m(result.login),
    uncachedRatio: m(result.anonymousUncached) / m(result.loginCacheOff),
    quiet: quiet,
    busy: busy,
    bytesRatio: busy.br / quiet.br,
    timeRatio: busy.ms / quiet.ms,
    errors,
    seconds: options.seconds,
    rounds: options.rounds,
  };
}

const met = (ok: boolean) => (ok ? 'yes' : '**no**');

export function busySection(r: BusyResult): string {
  return [
    '`pnpm --filter @margins/bench bench:busy` (packages/bench/src/busy-chapter.bench.ts): the production build on',
    `PostgreSQL 15, autocannon with ${CONNECTIONS} connections from the same 2-core machine, ${r.rounds} alternating rounds of`,
    `${r.seconds} s per page. A story with two generated 10,000-word chapters; the second has 10,000 inline comments.`,
    'Throughput ratios are to `/login` measured in the same server run (the uncached row on a server started with',
    '`MARGINS_PAGE_CACHE_MB=0`, against its own `/login`).',
    '',
    '| figure | target | result | met? |',
    '| --- | --- | --- | --- |',
    `| chapter page signed in vs /login | ≥ 0.5× | ${r.signedInRatio.toFixed(3)}× (${r.signedIn.toFixed(0)} vs ${r.login.toFixed(0)} req/s) | ${met(r.signedInRatio >= 0.5)} |`,
    `| chapter page anonymous, not cached (first view after a write) vs /login | ≥ 0.3× | ${r.uncachedRatio.toFixed(3)}× (${r.anonymousUncached.toFixed(0)} vs ${r.loginCacheOff.toFixed(0)} req/s) | ${met(r.uncachedRatio >= 0.3)} |`,
    `| chapter page anonymous, page cache, vs /login | ≥ 0.5× | ${r.cachedRatio.toFixed(3)}× (${r.anonymousCached.toFixed(0)} req/s) | ${met(r.cachedRatio >= 0.5)} |`,
    `| 10,000 comments vs 0: bytes to open (brotli, as sent to a browser) | ≤ 2× | ${r.bytesRatio.toFixed(2)}× (${(r.busy.br / 1024).toFixed(1)} vs ${(r.quiet.br / 1024).toFixed(1)} KB; plain ${(r.busy.bytes / 1024).toFixed(1)} vs ${(r.quiet.bytes / 1024).toFixed(1)} KB) | ${met(r.bytesRatio <= 2)} |`,
    `| 10,000 comments vs 0: server time, signed in (median of 15) | ≤ 2× | ${r.timeRatio.toFixed(2)}× (${r.busy.ms.toFixed(1)} vs ${r.quiet.ms.toFixed(1)} ms) | ${met(r.timeRatio <= 2)} |`,
    '',
    `The page data (\`__data.json\`, what a client-side navigation loads): ${(r.quiet.data / 1024).toFixed(1)} KB quiet, ${(r.busy.data / 1024).toFixed(1)} KB busy;`,
    "it still carries each passage's HTML, which the server-rendered page also carries (issue 16 asks that it does not: not done).",
    `Non-2xx responses and errors over all runs: ${r.errors}.`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runHttpBenchCommand({
    name: 'busy-chapter',
    section: 'The reader who comments (issue 16)',
    run: benchBusyChapter,
    render: busySection,
    summary: (r) =>
      `signed in ${r.signedInRatio.toFixed(3)}×, uncached ${r.uncachedRatio.toFixed(3)}×, cached ${r.cachedRatio.toFixed(3)}×; bytes ${r.bytesRatio.toFixed(2)}×, time ${r.timeRatio.toFixed(2)}×`,
  });
}
