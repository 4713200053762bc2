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
import { timedFetch, trpcData, trpcGet, trpcPost, sessionTokens, sleep, type Sample } from './lib/client';
import { freshDatabase } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { makeUsers, publicStory } from './lib/fixture';
import { buildWeb, holdBuildLock, startWeb } from './lib/server';
import { ms, stats } from './lib/stats';

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
if (!(seconds > 0 && seconds <= 600 && readers <= 500 && commenters <= 200)) throw new Error('duration ≤ 600 s, readers ≤ 500, commenters ≤ 200');

buildWeb(values['no-build']);
const { url, db } = await freshDatabase(BASE, 'margins_load');
console.log('load: seeding a public story (3 chapters of 3,000 words) and commenters…');
const story = await publicStory(db, { prefix: 'ld', chapters: 3, words: 3000 });
const users = await makeUsers(db, 'ld_c', commenters);
const tokens = await sessionTokens(db, users.map((u) => u.username));
const passageKeys = new Map<string, string[]>();
for (const chapterId of story.chapterIds) {
  const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({ where: { id: chapterId }, select: { publishedRevisionId: true } });
  passageKeys.set(chapterId, (await db.prisma.passage.findMany({ where: { revisionId: publishedRevisionId!, kind: 'text' }, select: { key: true } })).map((p) => p.key));
}
await db.close();

const server = await startWeb({ port: Number(values.port), databaseUrl: url });
const origin = server.origin;
const samples: Sample[] = [];
const acknowledged: string[] = [];
let rateLimited = 0;
const deadline = Date.now() + seconds * 1000;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

async function reader() {
  while (Date.now() < deadline) {
    const n = 1 + Math.floor(Math.random() * story.chapterIds.length);
    await timedFetch('chapter page', `${origin}/s/${story.slug}/${n}`, {}, samples);
    if (Date.now() >= deadline) break;
    await timedFetch('comment.list', ...trpcGet(origin, 'comment.list', { chapterId: story.chapterIds[n - 1] }), samples);
  }
}

async function commenter(i: number) {
  const token = tokens[i]!;
  let next = Date.now() + Math.random() * 6000;
  while (Date.now() < deadline) {
    if (Date.now() >= next) {
      const chapterId = pick(story.chapterIds);
      const { sample, body } = await timedFetch(
        'comment.create',
        ...trpcPost(origin, 'comment.create', { chapterId, passageKey: pick(passageKeys.get(chapterId)!), body: `Load comment ${i}-${Date.now()}`, type: 'reaction' }, token),
        samples,
      );
      if (sample.status === 200) acknowledged.push(trpcData<{ id: string }>(body).id);
      if (sample.status === 429) rateLimited += 1;
      next = Date.now() + 6100; // the API allows 10 comments a minute per user
    } else {
      await timedFetch('chapter page (commenter)', `${origin}/s/${story.slug}/1`, { headers: { cookie: `margins_session=${token}` } }, samples);
      await sleep(Math.min(1000, Math.max(0, next - Date.now())));
    }
  }
}

console.log(`load: ${readers} readers and ${commenters} commenters for ${seconds} s against ${origin}…`);
const t0 = Date.now();
await Promise.all([...Array.from({ length: readers }, () => reader()), ...Array.from({ length: commenters }, (_, i) => commenter(i))]);
const elapsed = (Date.now() - t0) / 1000;
await server.stop();

const check = new pg.Client({ connectionString: url });
await check.connect();
const { rows } = await check.query<{ id: string }>('SELECT id FROM "InlineComment" WHERE id = ANY($1::text[])', [acknowledged]);
await check.end();
const present = new Set(rows.map((r) => r.id));
const lost = acknowledged.filter((id) => !present.has(id));

const kinds = [...new Set(samples.map((s) => s.kind))];
const byKind = kinds.map((kind) => {
  const s = samples.filter((x) => x.kind === kind);
  const st = stats(s.map((x) => x.ms));
  return { kind, count: s.length, p50: st.p50, p99: st.p99, max: st.max, s5xx: s.filter((x) => x.status >= 500).length, failed: s.filter((x) => x.status === 0).length, s4xx: s.filter((x) => x.status >= 400 && x.status < 500).length };
});
const all = stats(samples.map((x) => x.ms));
const fivexx = samples.filter((x) => x.status >= 500).length;
const failed = samples.filter((x) => x.status === 0);
const ok = fivexx === 0 && failed.length === 0 && lost.length === 0 && acknowledged.length > 0;
const result = { seconds, elapsed, readers, commenters, requests: samples.length, rps: samples.length / elapsed, p50: all.p50, p99: all.p99, fivexx, failed: failed.length, acknowledged: acknowledged.length, lost: lost.length, rateLimited, byKind, ok };

const lines = [
  `\`pnpm test:load\` (packages/bench/src/load.ts): ${readers} concurrent readers and ${commenters} commenters for ${seconds} s against the`,
  'production build on PostgreSQL 15 (127.0.0.1, the load generator on the same 2-core machine). Readers open a chapter',
  'page (3,000 words) and its comment threads in a loop; commenters post an inline comment every 6.1 s (the API allows',
  '10 a minute), reading in between. Afterwards every acknowledged comment is looked up in the database.',
  '',
  '| request | count | p50 | p99 | max | 4xx | 5xx | dropped |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...byKind.map((k) => `| ${k.kind} | ${k.count} | ${ms(k.p50)} ms | ${ms(k.p99)} ms | ${ms(k.max)} ms | ${k.s4xx} | ${k.s5xx} | ${k.failed} |`),
  `| **all** | ${samples.length} (${result.rps.toFixed(0)}/s) | ${ms(all.p50)} ms | ${ms(all.p99)} ms | ${ms(all.max)} ms | | ${fivexx} | ${failed.length} |`,
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
