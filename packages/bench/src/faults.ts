// `pnpm test:faults` — scripted, repeatable faults against the production build on PostgreSQL
// (database margins_faults, recreated). Scenarios (all by default, or --only kill,two,pg):
//   kill  Uploads (chapter.create, ~60 KB) and comment posts run concurrently; the server gets
//         SIGKILL at a random moment, 3 rounds, restarting each time. After each restart: every
//         acknowledged comment and chapter is there, and no revision is partial (each one has
//         segments and passages that add up to its word count; no chapter lacks its revision).
//   two   Two app instances on one database: a listener on instance B receives the live event of
//         a comment posted through instance A (LISTEN/NOTIFY), and the other way round.
//   pg    PostgreSQL restarted under load (`pg_ctlcluster 15 main restart`; affects everyone on
//         this machine, so only with --pg-restart): the app must answer again within 10 s,
//         without a restart of its own.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sessionTokens, sleep, timedFetch, trpcGet, trpcPost, type Sample } from './lib/client';
import { freshDatabase } from './lib/database';
import { chapterMarkdown, makeUsers, publicStory } from './lib/fixture';
import { buildWeb, holdBuildLock, startWeb, type WebServer } from './lib/server';

holdBuildLock();
const { values } = parseArgs({
  // `pnpm test:faults -- --pg-restart` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    only: { type: 'string', default: 'kill,two,pg' },
    'pg-restart': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const only = new Set(values.only.split(','));
const PORTS = { a: 4330, b: 4331 };
const results: { scenario: string; ok: boolean; detail: string }[] = [];
const report = (scenario: string, ok: boolean, detail: string) => {
  results.push({ scenario, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${scenario}: ${detail}`);
};

buildWeb(values['no-build']);
const { url, db } = await freshDatabase(BASE, 'margins_faults');
console.log('faults: seeding…');
const story = await publicStory(db, { prefix: 'ft', chapters: 1, words: 2000 });
const commenters = await makeUsers(db, 'ft_c', 40);
const [ownerToken] = await sessionTokens(db, [story.owner.username]);
const tokens = await sessionTokens(db, commenters.map((u) => u.username));
const chapterId = story.chapterIds[0]!;
const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({ where: { id: chapterId }, select: { publishedRevisionId: true } });
const keys = (await db.prisma.passage.findMany({ where: { revisionId: publishedRevisionId!, kind: 'text' }, select: { key: true } })).map((p) => p.key);
await db.close();
const sql = new pg.Pool({ connectionString: url, max: 2 });
// Idle connections die with a PostgreSQL restart; the pool replaces them on the next query.
sql.on('error', () => {});

/** Invariants after a crash: acknowledged writes exist, and no revision is partial. */
async function checkIntegrity(ackComments: string[], ackChapters: string[]): Promise<string[]> {
  const problems: string[] = [];
  const c = await sql.query<{ id: string }>('SELECT id FROM "InlineComment" WHERE id = ANY($1::text[])', [ackComments]);
  if (c.rowCount !== ackComments.length) problems.push(`${ackComments.length - (c.rowCount ?? 0)} acknowledged comments missing`);
  const ch = await sql.query<{ id: string }>('SELECT id FROM "Chapter" WHERE id = ANY($1::text[]) AND "currentRevisionId" IS NOT NULL', [ackChapters]);
  if (ch.rowCount !== ackChapters.length) problems.push(`${ackChapters.length - (ch.rowCount ?? 0)} acknowledged chapters missing or without a revision`);
  const orphans = await sql.query('SELECT id FROM "Chapter" WHERE "storyId" = $1 AND "currentRevisionId" IS NULL', [story.storyId]);
  if (orphans.rowCount) problems.push(`${orphans.rowCount} chapters without a current revision`);
  const partial = await sql.query(
    `SELECT r.id, r."wordCount", count(DISTINCT g.id) AS segments, count(p.id) AS passages, coalesce(sum(p."wordCount"), 0) AS words,
            (SELECT coalesce(sum(g2."wordCount"), 0) FROM "Segment" g2 WHERE g2."revisionId" = r.id) AS "segmentWords"
       FROM "ChapterRevision" r JOIN "Chapter" c ON c.id = r."chapterId"
       LEFT JOIN "Segment" g ON g."revisionId" = r.id LEFT JOIN "Passage" p ON p."segmentId" = g.id
      WHERE c."storyId" = $1 GROUP BY r.id
     HAVING count(DISTINCT g.id) = 0 OR count(p.id) = 0 OR (SELECT coalesce(sum(g2."wordCount"), 0) FROM "Segment" g2 WHERE g2."revisionId" = r.id) <> r."wordCount"`,
    [story.storyId],
  );
  if (partial.rowCount) problems.push(`${partial.rowCount} partial revisions: ${JSON.stringify(partial.rows.slice(0, 3))}`);
  return problems;
}

async function killScenario() {
  const rounds = Number(values.rounds);
  const ackComments: string[] = [];
  const ackChapters: string[] = [];
  const upload = chapterMarkdown(10_000, 77);
  let posted = 0;
  let userCursor = 0;
  for (let round = 1; round <= rounds; round++) {
    const server = await startWeb({ port: PORTS.a, databaseUrl: url });
    let stop = false;
    const samples: Sample[] = [];
    const uploader = async (i: number) => {
      while (!stop) {
        const { sample, body } = await timedFetch('upload', ...trpcPost(server.origin, 'chapter.create', { storyId: story.storyId, title: `Crash ${round}-${i}`, upload: { source: upload, format: 'markdown' } }, ownerToken!), samples);
        if (sample.status === 200) ackChapters.push((JSON.parse(body) as { result: { data: { chapterId: string } } }).result.data.chapterId);
        if (sample.status === 0) break;
      }
    };
    const poster = async () => {
      while (!stop) {
        // A fresh user per post (9 each at most), so the per-user limit never answers for us.
        const token = tokens[Math.floor(userCursor++ / 9) % tokens.length]!;
        const { sample, body } = await timedFetch('comment', ...trpcPost(server.origin, 'comment.create', { chapterId, passageKey: keys[posted++ % keys.length], body: `Crash comment ${round}`, type: 'reaction' }, token), samples);
        if (sample.status === 200) ackComments.push((JSON.parse(body) as { result: { data: { id: string } } }).result.data.id);
        if (sample.status === 0) break;
      }
    };
    const workers = [...[0, 1, 2].map(uploader), ...[0, 1, 2, 3, 4].map(() => poster())];
    await sleep(2000 + Math.random() * 2500);
    await server.stop('SIGKILL');
    stop = true;
    await Promise.all(workers);
    const fivexx = samples.filter((s) => s.status >= 500).length;
    const cut = samples.filter((s) => s.status === 0).length;
    const problems = await checkIntegrity(ackComments, ackChapters);
    report(`kill round ${round}`, problems.length === 0 && fivexx === 0, `${samples.length} requests before SIGKILL (${cut} cut by the kill, ${fivexx} 5xx); acknowledged so far: ${ackChapters.length} uploads, ${ackComments.length} comments; ${problems.length ? problems.join('; ') : 'all present, no partial revision'}`);
  }
  // After the last kill: a restarted server serves every acknowledged chapter.
  const server = await startWeb({ port: PORTS.a, databaseUrl: url });
  const toc = await fetch(...trpcGet(server.origin, 'chapter.revisions', { chapterId: ackChapters.at(-1) ?? chapterId }, ownerToken!));
  report('restart after kills', toc.status === 200, `the last acknowledged upload reads back after restart: ${toc.status}`);
  await server.stop();
}

async function listen(server: WebServer, received: string[], signal: AbortSignal): Promise<void> {
  const res = await fetch(`${server.origin}/api/live/chapters/${chapterId}`, { signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE on ${server.port}: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received.push(value);
      }
    } catch {
      // aborted
    }
  })();
}

async function twoInstancesScenario() {
  const [a, b] = await Promise.all([startWeb({ port: PORTS.a, databaseUrl: url }), startWeb({ port: PORTS.b, databaseUrl: url })]);
  const abort = new AbortController();
  try {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const received: string[] = [];
      await listen(to, received, abort.signal);
      await sleep(300);
      const token = tokens[(userCursorTwo += 1) % tokens.length]!;
      const t0 = performance.now();
      const { sample, body } = await timedFetch('comment', ...trpcPost(from.origin, 'comment.create', { chapterId, passageKey: keys[0], body: 'Across instances', type: 'reaction' }, token), null);
      const id = sample.status === 200 ? (JSON.parse(body) as { result: { data: { id: string } } }).result.data.id : null;
      let seen = false;
      while (id && !seen && performance.now() - t0 < 5000) {
        seen = received.join('').includes(id);
        if (!seen) await sleep(50);
      }
      report(`live update ${from.port} → ${to.port}`, seen, id ? (seen ? `event with comment ${id} arrived in ${(performance.now() - t0).toFixed(0)} ms` : `no event within 5 s (got: ${received.join('').slice(0, 200)})`) : `posting failed: ${sample.status} ${body.slice(0, 200)}`);
    }
  } finally {
    abort.abort();
    await Promise.all([a.stop(), b.stop()]);
  }
}
let userCursorTwo = 30;

async function pgRestartScenario() {
  const server = await startWeb({ port: PORTS.a, databaseUrl: url });
  const samples: (Sample & { at: number })[] = [];
  // An outage must answer 503 (retry later); any other 5xx is an error path that was not recognised.
  const errors = new Set<string>();
  let stop = false;
  const t0 = Date.now();
  const reader = async () => {
    while (!stop) {
      const s: Sample[] = [];
      const { body } = await timedFetch('read', ...trpcGet(server.origin, 'reading.chapter', { chapterId }), s, 5000);
      samples.push({ ...s[0]!, at: Date.now() - t0 });
      if (s[0]!.status >= 500 && s[0]!.status !== 503) errors.add(`${s[0]!.status}: ${body.slice(0, 300)}`);
      await sleep(50);
    }
  };
  const workers = Array.from({ length: 10 }, reader);
  await sleep(3000);
  console.log('faults: restarting PostgreSQL (pg_ctlcluster --skip-systemctl-redirect 15 main restart)…');
  const before = Date.now() - t0;
  // Not spawnSync: the readers must keep running (and failing) while PostgreSQL is down.
  const code = await new Promise<number | null>((resolve) => spawn('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart'], { stdio: 'inherit' }).once('exit', resolve));
  const back = Date.now() - t0;
  await sleep(15_000);
  stop = true;
  await Promise.all(workers);
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  await server.stop();
  // Recovered: the first moment after PostgreSQL is back from which every request succeeds.
  const after = samples.filter((s) => s.at >= back).sort((x, y) => x.at - y.at);
  const lastBad = [...after].reverse().find((s) => s.status !== 200);
  const recoveredAt = lastBad ? lastBad.at + lastBad.ms : back;
  const recovery = (recoveredAt - back) / 1000;
  const during = samples.filter((s) => s.at >= before && s.at <= recoveredAt);
  const ok = code === 0 && alive && recovery <= 10 && after.some((s) => s.status === 200) && errors.size === 0;
  if (errors.size > 0) {
    console.log(`faults: answers other than 503 during the outage:\n  ${[...errors].join('\n  ')}`);
    console.log(`faults: the server said:\n  ${server.output.filter((line) => /error/i.test(line)).slice(-20).join('\n  ')}`);
  }
  report('PostgreSQL restart', ok, `restart took ${((back - before) / 1000).toFixed(1)} s; the app answered every request again ${recovery.toFixed(1)} s after PostgreSQL was back (target ≤ 10 s), without restarting (process alive: ${alive}); during the outage ${during.filter((s) => s.status !== 200).length} of ${during.length} requests failed (${[...new Set(during.filter((s) => s.status !== 200).map((s) => s.status))].join(', ')}).`);
}

try {
  if (only.has('kill')) await killScenario();
  if (only.has('two')) await twoInstancesScenario();
  if (only.has('pg')) {
    if (values['pg-restart']) await pgRestartScenario();
    else console.log('SKIP PostgreSQL restart: pass --pg-restart (it restarts the shared server on this machine).');
  }
} finally {
  await sql.end();
}
const failed = results.filter((r) => !r.ok);
console.log(`\nfaults: ${results.length - failed.length} passed, ${failed.length} failed.`);
process.exit(failed.length ? 1 : 0);
