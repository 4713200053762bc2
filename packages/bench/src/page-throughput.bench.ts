// `pnpm --filter @margins/bench bench:http` — the chapter page's server-rendered throughput.
// The production build (adapter-node) on PostgreSQL (database margins_perf_http, recreated),
// loaded with autocannon (50 connections, 127.0.0.1 only): the chapter page of a 10,000-word
// chapter with 500 inline comments vs /login, a minimal page of the same build (layout, session
// hook, CSP, no database query). Rounds alternate between the two; the ratio is of medians.
// Options: --no-build (reuse apps/web/build), --seconds N per round, --rounds N.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freshDatabase } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { inlineComments, publicStory } from './lib/fixture';
import { buildWeb, holdBuildLock, startWeb } from './lib/server';
import { stats, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const PORT = 4310;
const CONNECTIONS = 50;
const TARGET = 0.5;

export interface ThroughputResult {
  chapter: { rps: Stats; latencyP50: number; latencyP99: number; non2xx: number; errors: number; bytes: number };
  minimal: { rps: Stats; latencyP50: number; latencyP99: number; non2xx: number; errors: number; bytes: number };
  ratio: number;
  target: number;
  met: boolean;
  seconds: number;
  rounds: number;
}

function cannon(url: string, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 30 }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function benchPageThroughput(options: { build: boolean; seconds: number; rounds: number }): Promise<ThroughputResult> {
  buildWeb(!options.build);
  const { url, db } = await freshDatabase(BASE, 'margins_perf_http');
  console.log('page-throughput: seeding a 10,000-word chapter and 500 comments…');
  const story = await publicStory(db, { prefix: 'tp', chapters: 1, words: 10_000 });
  await inlineComments(db, { prefix: 'tp', chapterId: story.chapterIds[0]!, count: 500 });
  await db.close();
  const server = await startWeb({ port: PORT, databaseUrl: url });
  try {
    const pages = { chapter: `${server.origin}/s/${story.slug}/1`, minimal: `${server.origin}/login` };
    for (const [name, page] of Object.entries(pages)) {
      const res = await fetch(page);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name} page: ${res.status}`);
      if (name === 'chapter' && !body.includes('Mark')) throw new Error('the chapter page does not show the chapter');
    }
    await cannon(pages.chapter, 3);
    await cannon(pages.minimal, 3);
    const runs = { chapter: [] as autocannon.Result[], minimal: [] as autocannon.Result[] };
    for (let i = 0; i < options.rounds; i++) {
      for (const name of i % 2 ? (['minimal', 'chapter'] as const) : (['chapter', 'minimal'] as const)) {
        const r = await cannon(pages[name], options.seconds);
        runs[name].push(r);
        console.log(`page-throughput: ${name} round ${i + 1}: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
      }
    }
    const summary = (rs: autocannon.Result[]) => ({
      rps: stats(rs.map((r) => r.requests.total / r.duration)),
      latencyP50: stats(rs.map((r) => r.latency.p50)).median,
      latencyP99: stats(rs.map((r) => r.latency.p99)).median,
      non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
      errors: rs.reduce((n, r) => n + r.errors + r.timeouts, 0),
      bytes: Math.round(rs[0]!.throughput.total / Math.max(1, rs[0]!.requests.total)),
    });
    const chapter = summary(runs.chapter);
    const minimal = summary(runs.minimal);
    const ratio = chapter.rps.median / minimal.rps.median;
    return { chapter, minimal, ratio, target: TARGET, met: ratio >= TARGET && chapter.non2xx === 0 && chapter.errors === 0, seconds: options.seconds, rounds: options.rounds };
  } finally {
    await server.stop();
  }
}

export function throughputSection(r: ThroughputResult): string {
  const row = (what: string, x: ThroughputResult['chapter']) =>
    `| ${what} | ${x.rps.median.toFixed(0)} req/s | ${x.rps.min.toFixed(0)} – ${x.rps.max.toFixed(0)} | ${x.latencyP50} / ${x.latencyP99} ms | ${(x.bytes / 1024).toFixed(0)} KB | ${x.non2xx} / ${x.errors} |`;
  return [
    '`pnpm --filter @margins/bench bench:http` (packages/bench/src/page-throughput.bench.ts): the production build',
    '(adapter-node, `node --import tsx build/index.js`) on PostgreSQL 15, loaded by autocannon with',
    `${CONNECTIONS} connections from the same 2-core machine (so the load generator competes with the server).`,
    'Chapter page: `/s/{slug}/1`, a generated 10,000-word chapter with 500 inline comments, anonymous.',
    'Minimal page: `/login` of the same build (layout, session hook, CSP nonce, no query).',
    `${r.rounds} rounds of ${r.seconds} s per page, alternating, after a 3 s warm-up each.`,
    '',
    '| page | median throughput | min – max | latency p50 / p99 | body | non-2xx / errors |',
    '| --- | --- | --- | --- | --- | --- |',
    row('chapter page', r.chapter),
    row('minimal page (/login)', r.minimal),
    '',
    `Ratio chapter / minimal: **${r.ratio.toFixed(2)}×** (target ≥ ${r.target}×) — ${r.met ? 'met' : '**not met**'}.`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  holdBuildLock();
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
  const r = await benchPageThroughput({ build: !values['no-build'], seconds: Number(values.seconds), rounds: Number(values.rounds) });
  saveResult('page-throughput', r);
  replaceSection('Chapter page throughput', throughputSection(r));
  console.log(`page-throughput: chapter ${r.chapter.rps.median.toFixed(0)} req/s, minimal ${r.minimal.rps.median.toFixed(0)} req/s, ratio ${r.ratio.toFixed(2)}×`);
}
