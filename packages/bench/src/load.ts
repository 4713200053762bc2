// `pnpm test:load` — readers and commenters against the production build on PostgreSQL.
// Defaults: 100 concurrent readers and 20 commenters for 60 s (`--duration 5` is the smoke run).
// Readers open chapter pages and fetch comment threads; commenters post inline comments at the
// API's allowance (10 a minute each), read between posts, and wait out a 429 when they get one.
// Passes when no response was a 5xx or a dropped connection and every acknowledged comment
// (HTTP 200) is in the database afterwards. Prints p50/p99 latency per request kind, rewrites
// the "Load" section of docs/benchmarks.md (--no-docs to skip). Database: margins_load.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freshDatabase } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { buildWeb, holdBuildLock, startWeb } from './lib/server';
import { kindTable, runWorkload, seedWorkload, summarize } from './lib/workload';

holdBuildLock();
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    readers: { type: 'string', default: '100' },
    commenters: { type: 'string', default: '20' },
    'no-build': { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    port: { type: 'string', default: '4320' },
  },
});
const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const seconds = Number(values.duration);
const readers = Number(values.readers);
const commenters = Number(values.commenters);
if (!(seconds > 0 && seconds <= 600 && readers <= 500 && commenters <= 200))
  throw new Error('duration ≤ 600 s, readers ≤ 500, commenters ≤ 200');

buildWeb(values['no-build']);
const { url, db } = await freshDatabase(BASE, 'margins_load');
console.log('load: seeding a public story (3 chapters of 3,000 words) and commenters…');
const workload = await seedWorkload(db, 'ld', commenters);
await db.close();

const server = await startWeb({ port: Number(values.port), databaseUrl: url });
console.log(
  `load: ${readers} readers and ${commenters} commenters for ${seconds} s against ${server.origin}…`,
);
const { samples, acknowledged, rateLimited, elapsed } = await runWorkload(workload, {
  seconds,
  readers,
  commenters,
  origin: () => server.origin,
});
await server.stop();

const check = new pg.Client({ connectionString: url });
await check.connect();
const { rows } = await check.query<{ id: string }>(
  'SELECT id FROM "InlineComment" WHERE id = ANY($1::text[])',
  [acknowledged],
);
await check.end();
const present = new Set(rows.map((r) => r.id));
const lost = acknowledged.filter((id) => !present.has(id));

const summary = summarize(samples);
const { byKind, all, fivexx, failed } = summary;
const ok = fivexx === 0 && failed.length === 0 && lost.length === 0 && acknowledged.length > 0;
const result = {
  seconds,
  elapsed,
  readers,
  commenters,
  requests: samples.length,
  rps: samples.length / elapsed,
  p50: all.p50,
  p99: all.p99,
  fivexx,
  failed: failed.length,
  acknowledged: acknowledged.length,
  lost: lost.length,
  rateLimited,
  byKind,
  ok,
};

const lines = [
  `\`pnpm test:load\` (packages/bench/src/load.ts): ${readers} concurrent readers and ${commenters} commenters for ${seconds} s against the`,
  'production build on PostgreSQL 15 (127.0.0.1, the load generator on the same 2-core machine). Readers open a chapter',
  'page (3,000 words) and its comment threads in a loop; commenters post an inline comment every 6.1 s (the API allows',
  '10 a minute), reading in between. Afterwards every acknowledged comment is looked up in the database.',
  '',
  ...kindTable(summary, elapsed, samples.length),
  '',
  `Comments acknowledged: ${acknowledged.length}; present afterwards: ${acknowledged.length - lost.length}; lost: ${lost.length}. ` +
    `Rate-limited posts (429): ${rateLimited}. Result: **${ok ? 'pass' : 'FAIL'}** (zero 5xx, zero dropped, zero lost).`,
  '',
  machineLine(),
];
console.log(`\n${lines.join('\n')}`);
if (failed.length) console.log('first dropped requests:', failed.slice(0, 3));
if (fivexx) console.log('server output (tail):\n' + server.output.slice(-40).join('\n'));
saveResult(seconds >= 60 ? 'load' : 'load-smoke', result);
if (!values['no-docs'] && seconds >= 60) replaceSection('Load', lines.join('\n'));
process.exit(ok ? 0 : 1);
