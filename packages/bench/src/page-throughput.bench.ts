// `pnpm --filter @margins/bench bench:http` — the chapter page's server-rendered throughput.
// The production build (adapter-node) on PostgreSQL (database margins_perf_http, recreated),
// loaded with autocannon (50 connections, 127.0.0.1 only): the chapter page of a 10,000-word
// chapter with 500 inline comments vs /login, a minimal page of the same build (layout, session
// hook, CSP, no database query). Rounds alternate between the two; the ratio is of medians.
// Options: --no-build (reuse apps/web/build), --seconds N per round, --rounds N.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import autocannon from 'autocannon';
import { freshDatabase, settle } from './lib/database';
import { machineLine } from './lib/docs';
import { inlineComments, publicStory } from './lib/fixture';
import { buildWeb, runHttpBenchCommand, startWeb } from './lib/server';
import { stats, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const PORT = 4310;
const CONNECTIONS = 50;
const TARGET = 0.5;

interface PageRun {
  rps: Stats;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  bytes: number;
  /** Share of responses served from the page cache (x-margins-cache: hit), sampled after the run. */
  cache: string;
}

export interface ThroughputResult {
  chapter: PageRun;
  minimal: PageRun;
  /** The chapter page with the page cache off (MARGINS_PAGE_CACHE_MB=0): rendered for every request. */
  uncached: PageRun;
  ratio: number;
  target: number;
  met: boolean;
  seconds: number;
  rounds: number;
}

function cannon(url: string, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 30 }, (err, result) =>
      err ? reject(err as Error) : resolve(result),
    );
  });
}

const summary = (rs: autocannon.Result[], cache: string): PageRun => ({
  rps: stats(rs.map((r) => r.requests.total / r.duration)),
  latencyP50: stats(rs.map((r) => r.latency.p50)).median,
  latencyP99: stats(rs.map((r) => r.latency.p99)).median,
  non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
  errors: rs.reduce((n, r) => n + r.errors + r.timeouts, 0),
  bytes: Math.round(rs[0]!.throughput.total / Math.max(1, rs[0]!.requests.total)),
  cache,
});

/** Fetches `url` once and checks it; returns its x-margins-cache header ('' when absent). */
async function probe(name: string, url: string): Promise<string> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${name} page: ${res.status}`);
  if (name !== 'minimal' && !body.includes('Mark'))
    throw new Error('the chapter page does not show the chapter');
  return res.headers.get('x-margins-cache') ?? '';
}

export async function benchPageThroughput(options: {
  build: boolean;
  seconds: number;
  rounds: number;
}): Promise<ThroughputResult> {
  buildWeb(!options.build);
  const { url, db } = await freshDatabase(BASE, 'margins_perf_http');
  console.log('page-throughput: seeding a 10,000-word chapter and 500 comments…');
  const story = await publicStory(db, { prefix: 'tp', chapters: 1, words: 10_000 });
  await inlineComments(db, { prefix: 'tp', chapterId: story.chapterIds[0]!, count: 500 });
  await db.close();
  await settle(url);

  const runs = {
    chapter: [] as autocannon.Result[],
    minimal: [] as autocannon.Result[],
    uncached: [] as autocannon.Result[],
  };
  const caches = { chapter: '', minimal: '', uncached: '' };
  // The app as deployed (page cache on): the chapter page against the minimal page, alternating.
  let server = await startWeb({ port: PORT, databaseUrl: url });
  try {
    const pages = { chapter: `${server.origin}/s/${story.slug}/1`, minimal: `${server.origin}/login` };
    for (const [name, page] of Object.entries(pages)) await probe(name, page);
    await cannon(pages.chapter, 3);
    await cannon(pages.minimal, 3);
    for (let i = 0; i < options.rounds; i++) {
      for (const name of i % 2 ? (['minimal', 'chapter'] as const) : (['chapter', 'minimal'] as const)) {
        const r = await cannon(pages[name], options.seconds);
        runs[name].push(r);
        console.log(
          `page-throughput: ${name} round ${i + 1}: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`,
        );
      }
    }
    caches.chapter = await probe('chapter', pages.chapter);
  } finally {
    await server.stop();
  }
  // The same page rendered for every request (what a signed-in reader costs, minus their session).
  server = await startWeb({ port: PORT, databaseUrl: url, extraEnv: { MARGINS_PAGE_CACHE_MB: '0' } });
  try {
    const page = `${server.origin}/s/${story.slug}/1`;
    caches.uncached = await probe('uncached', page);
    await cannon(page, 3);
    for (let i = 0; i < options.rounds; i++) {
      const r = await cannon(page, options.seconds);
      runs.uncached.push(r);
      console.log(
        `page-throughput: uncached chapter round ${i + 1}: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  const chapter = summary(runs.chapter, caches.chapter);
  const minimal = summary(runs.minimal, caches.minimal);
  const uncached = summary(runs.uncached, caches.uncached);
  const ratio = chapter.rps.median / minimal.rps.median;
  return {
    chapter,
    minimal,
    uncached,
    ratio,
    target: TARGET,
    met: ratio >= TARGET && chapter.non2xx === 0 && chapter.errors === 0,
    seconds: options.seconds,
    rounds: options.rounds,
  };
}

export function throughputSection(r: ThroughputResult): string {
  const row = (what: string, x: PageRun) =>
    `| ${what} | ${x.rps.median.toFixed(0)} req/s | ${x.rps.min.toFixed(0)} – ${x.rps.max.toFixed(0)} | ${x.latencyP50} / ${x.latencyP99} ms | ${(x.bytes / 1024).toFixed(0)} KB | ${x.non2xx} / ${x.errors} |`;
  return [
    '`pnpm --filter @margins/bench bench:http` (packages/bench/src/page-throughput.bench.ts): the production build',
    '(adapter-node, `node server.js`, compiled packages) on PostgreSQL 15, loaded by autocannon with',
    `${CONNECTIONS} connections from the same 2-core machine (so the load generator competes with the server).`,
    'Chapter page: `/s/{slug}/1`, a generated 10,000-word chapter with 500 inline comments, anonymous,',
    'so it is served by the page cache (`docs/architecture.md`, "Page cache": one version query per request,',
    'the copy re-rendered after any write the page shows, a fresh CSP nonce each time).',
    'Minimal page: `/login` of the same build (layout, session hook, CSP nonce, no query).',
    `${r.rounds} rounds of ${r.seconds} s per page, alternating, after a 3 s warm-up each. Then the server is`,
    'restarted with the page cache off (`MARGINS_PAGE_CACHE_MB=0`) and the chapter page measured alone:',
    "that is every request's cost when the page must be rendered (signed-in readers, the first request after a write).",
    '',
    '| page | median throughput | min – max | latency p50 / p99 | body | non-2xx / errors |',
    '| --- | --- | --- | --- | --- | --- |',
    row('chapter page', r.chapter),
    row('minimal page (/login)', r.minimal),
    row('chapter page, cache off (rendered every time)', r.uncached),
    '',
    `Ratio chapter / minimal: **${r.ratio.toFixed(2)}×** (target ≥ ${r.target}×) — ${r.met ? 'met' : '**not met**'}. With the cache off:`,
    `${(r.uncached.rps.median / r.minimal.rps.median).toFixed(2)}× (x-margins-cache after the runs: cached server "${r.chapter.cache}", cache-off server "${r.uncached.cache || 'none'}").`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runHttpBenchCommand({
    name: 'page-throughput',
    section: 'Chapter page throughput',
    run: benchPageThroughput,
    render: throughputSection,
    summary: (r) =>
      `chapter ${r.chapter.rps.median.toFixed(0)} req/s, minimal ${r.minimal.rps.median.toFixed(0)} req/s, ratio ${r.ratio.toFixed(2)}×; cache off ${r.uncached.rps.median.toFixed(0)} req/s`,
  });
}
