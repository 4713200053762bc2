// `pnpm test:scale` — the topology of compose.yaml with plain processes on this machine: a private
// PostgreSQL 15 primary (initdb, --pg-port, default 5460) and its streaming replica (port + 1),
// two app instances (production build) reading from the replica, and a round-robin proxy with
// health checks (lib/proxy.ts) in front. Both clusters are removed at the end. Phases:
//   one     The load of `pnpm test:load` doubled (200 readers, 40 commenters; --readers,
//           --commenters) against ONE instance on the primary alone: the baseline.
//   two     The same load through the proxy to two instances with DATABASE_REPLICA_URLS. Before
//           it, a live event crosses instances both ways (a listener on B sees A's comment).
//           After it, reads answered by the replica are counted from /metrics.
//   faults  Half the duration of load through the proxy while, a third of the way in, instance A
//           is killed (SIGKILL: the proxy stops sending to it; requests in flight on A fail, at
//           most once each), and two thirds in, the replica is stopped (reads move to the primary).
// After each phase every acknowledged comment must be on the primary and, once the replica has
// replayed up to the primary's WAL position, on the replica. Passes with zero 5xx and zero dropped
// requests, except the requests in flight on the killed instance (at most one per worker).
// A PostgreSQL restart under load is `pnpm test:faults` (scenario pg), not repeated here.
// Rewrites the "Scale" section of docs/benchmarks.md (--no-docs to skip); exit 1 on failure.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sleep, trpcData, trpcPost, type Sample } from './lib/client';
import { databaseUrl, freshDatabase } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { postgresBinDir, startPrivatePostgres } from './lib/private-postgres';
import { startProxy } from './lib/proxy';
import { buildWeb, holdBuildLock, startWeb, type WebServer } from './lib/server';
import { ms } from './lib/stats';
import {
  kindTable,
  runWorkload,
  seedWorkload,
  summarize,
  type RunResult,
  type Workload,
} from './lib/workload';

holdBuildLock();
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '60' },
    readers: { type: 'string', default: '200' },
    commenters: { type: 'string', default: '40' },
    'no-build': { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    // Instances on --port + 1 and + 2, the proxy on --port + 3 (the baseline instance on --port).
    port: { type: 'string', default: '4340' },
    'pg-port': { type: 'string', default: '5460' },
  },
});
const seconds = Number(values.duration);
const readers = Number(values.readers);
const commenters = Number(values.commenters);
const port = Number(values.port);
const pgPort = Number(values['pg-port']);
if (!(seconds >= 5 && seconds <= 600 && readers <= 500 && commenters <= 200))
  throw new Error('5 ≤ duration ≤ 600 s, readers ≤ 500, commenters ≤ 200');
const METRICS_TOKEN = 'scale-run-metrics-token';

buildWeb(values['no-build']);
console.log(`scale: a private primary on 127.0.0.1:${pgPort} and its streaming replica on ${pgPort + 1}…`);
const cluster = startPrivatePostgres({ port: pgPort, binDir: postgresBinDir(process.env.PG_BIN) });
const servers: WebServer[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const s of servers) s.child.kill('SIGKILL');
    cluster.stop();
    process.exit(130);
  });
}

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`scale: ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

/** Each phase gets its own commenters, so no phase starts inside another's per-user comment allowance. */
function slice(w: Workload, phase: number): Workload {
  return { ...w, tokens: w.tokens.slice(phase * commenters, (phase + 1) * commenters) };
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function present(url: string, ids: string[]): Promise<number> {
  const rows = await query<{ n: string }>(
    url,
    'SELECT count(*) AS n FROM "InlineComment" WHERE id = ANY($1::text[])',
    [ids],
  );
  return Number(rows[0]!.n);
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp(primaryUrl: string, replicaUrl: string): Promise<number> {
  const t0 = performance.now();
  const lsn = (await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn'))[0]!.lsn;
  for (;;) {
    const behind = (
      await query<{ behind: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind', [
        lsn,
      ])
    )[0]!.behind;
    if (!behind) return performance.now() - t0;
    if (performance.now() - t0 > 30_000) throw new Error('the replica did not catch up within 30 s');
    await sleep(50);
  }
}

async function metric(server: WebServer, name: string): Promise<Map<string, number>> {
  const res = await fetch(`${server.origin}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await res.text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm')))
    out.set(m[1]!, Number(m[2]));
  return out;
}

/** A comment posted on `from` (as a browser on `siteOrigin`, the proxy) arrives as a live event on a stream held open on `to`. */
async function liveAcross(from: WebServer, to: WebServer, w: Workload, siteOrigin: string): Promise<boolean> {
  const chapterId = w.story.chapterIds[0]!;
  const abort = new AbortController();
  const received: string[] = [];
  try {
    const res = await fetch(`${to.origin}/api/live/chapters/${chapterId}`, { signal: abort.signal });
    if (res.status !== 200 || !res.body) return false;
    void (async () => {
      try {
        for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) received.push(chunk);
      } catch {
        // aborted
      }
    })();
    await sleep(300);
    const token = w.tokens.at(-1)!;
    const [postUrl, init] = trpcPost(
      siteOrigin,
      'comment.create',
      { chapterId, passageKey: w.passageKeys.get(chapterId)![0], body: 'Across instances', type: 'reaction' },
      token,
    );
    // Sent to instance `from` directly, as a browser on the site's origin (the proxy) would.
    const post = await fetch(postUrl.replace(siteOrigin, from.origin), init);
    const id = post.status === 200 ? trpcData<{ id: string }>(await post.text()).id : null;
    const until = Date.now() + 5000;
    while (id && Date.now() < until) {
      if (received.join('').includes(id)) return true;
      await sleep(50);
    }
    return false;
  } finally {
    abort.abort();
  }
}

interface Phase {
  name: string;
  run: RunResult;
  onPrimary: number;
  onReplica: number | null;
  catchUpMs: number | null;
}

async function afterPhase(
  name: string,
  run: RunResult,
  primaryUrl: string,
  replicaUrl: string | null,
): Promise<Phase> {
  const onPrimary = await present(primaryUrl, run.acknowledged);
  let onReplica: number | null = null;
  let catchUpMs: number | null = null;
  if (replicaUrl) {
    catchUpMs = await caughtUp(primaryUrl, replicaUrl);
    onReplica = await present(replicaUrl, run.acknowledged);
  }
  check(run.acknowledged.length > 0, `${name}: comments were acknowledged (${run.acknowledged.length})`);
  check(
    onPrimary === run.acknowledged.length,
    `${name}: every acknowledged comment is on the primary (${onPrimary}/${run.acknowledged.length})`,
  );
  if (onReplica !== null)
    check(
      onReplica === run.acknowledged.length,
      `${name}: and on the replica after catch-up (${onReplica}/${run.acknowledged.length}, ${ms(catchUpMs!)} ms)`,
    );
  return { name, run, onPrimary, onReplica, catchUpMs };
}

const errors = (samples: readonly Sample[]) => samples.filter((s) => s.status === 0 || s.status >= 500);

const phases: Phase[] = [];
const replicaReads = { replica: 0, primary: 0 };
let faultNotes: string[] = [];
try {
  const { url: primaryUrl, db } = await freshDatabase(cluster.url, 'margins_scale');
  console.log('scale: seeding a public story (3 chapters of 3,000 words) and commenters…');
  const workload = await seedWorkload(db, 'sc', commenters * 3 + 1);
  await db.close();
  const replica = cluster.startReplica(pgPort + 1);
  const replicaUrl = databaseUrl(replica.url, 'margins_scale');
  await caughtUp(primaryUrl, replicaUrl);

  // Phase one: a single instance on the primary.
  const solo = await startWeb({ port, databaseUrl: primaryUrl });
  servers.push(solo);
  console.log(`scale: one instance, ${readers} readers and ${commenters} commenters for ${seconds} s…`);
  const one = await runWorkload(slice(workload, 0), {
    seconds,
    readers,
    commenters,
    origin: () => solo.origin,
  });
  await solo.stop();
  phases.push(await afterPhase('one instance', one, primaryUrl, replicaUrl));
  check(
    errors(one.samples).length === 0,
    `one instance: zero 5xx and zero dropped (${errors(one.samples).length})`,
  );

  // Phase two: two instances on the primary and the replica, behind the proxy.
  const proxyPort = port + 3;
  const env = { DATABASE_REPLICA_URLS: replicaUrl, METRICS_TOKEN, ORIGIN: `http://127.0.0.1:${proxyPort}` };
  const [a, b] = await Promise.all([
    startWeb({ port: port + 1, databaseUrl: primaryUrl, extraEnv: env }),
    startWeb({ port: port + 2, databaseUrl: primaryUrl, extraEnv: env }),
  ]);
  servers.push(a, b);
  const proxy = await startProxy({ port: proxyPort, upstreams: [a.origin, b.origin] });
  check(
    await liveAcross(a, b, workload, env.ORIGIN),
    'a live event crosses from instance A to a listener on B',
  );
  check(await liveAcross(b, a, workload, env.ORIGIN), 'and from B to a listener on A');
  console.log(`scale: two instances + replica behind the proxy, same load for ${seconds} s…`);
  const two = await runWorkload(slice(workload, 1), {
    seconds,
    readers,
    commenters,
    origin: () => proxy.origin,
  });
  phases.push(await afterPhase('two instances + replica', two, primaryUrl, replicaUrl));
  check(
    errors(two.samples).length === 0,
    `two instances: zero 5xx and zero dropped (${errors(two.samples).length})`,
  );
  for (const s of [a, b]) {
    const reads = await metric(s, 'margins_db_replica_reads_total');
    replicaReads.replica += reads.get('target="replica"') ?? 0;
    replicaReads.primary += reads.get('target="primary"') ?? 0;
  }
  check(
    replicaReads.replica > 0,
    `reads answered by the replica: ${replicaReads.replica} (by the primary: ${replicaReads.primary})`,
  );
  const served = [...proxy.served.values()];
  check(
    served.every((n) => n > 0),
    `the proxy spread the requests: ${served.join(' / ')}`,
  );

  // Faults: kill instance A, then stop the replica, under load.
  const faultSeconds = Math.max(6, Math.round(seconds / 2));
  const fallbacksBefore = [...(await metric(b, 'margins_db_replica_fallbacks_total')).values()].reduce(
    (x, y) => x + y,
    0,
  );
  const t0 = Date.now();
  let killedAt = 0;
  let replicaStoppedAt = 0;
  const faults = (async () => {
    await sleep((faultSeconds * 1000) / 3);
    killedAt = Date.now() - t0;
    a.child.kill('SIGKILL');
    await sleep((faultSeconds * 1000) / 3);
    replicaStoppedAt = Date.now() - t0;
    replica.kill();
  })();
  console.log(
    `scale: faults under load for ${faultSeconds} s (instance A killed, then the replica stopped)…`,
  );
  const workers = readers + commenters;
  const faulted = await runWorkload(slice(workload, 2), {
    seconds: faultSeconds,
    readers,
    commenters,
    origin: () => proxy.origin,
  });
  await faults;
  const fallbacksAfter = [...(await metric(b, 'margins_db_replica_fallbacks_total')).values()].reduce(
    (x, y) => x + y,
    0,
  );
  phases.push(await afterPhase('faults', faulted, primaryUrl, null));
  const failed = errors(faulted.samples);
  check(
    failed.length <= workers,
    `instance killed: requests failed ${failed.length} (at most one per worker in flight: ${workers}); the proxy retried ${proxy.retried} safe requests on B`,
  );
  check(b.child.exitCode === null, 'instance B kept serving');
  check(
    fallbacksAfter > fallbacksBefore,
    `replica stopped: reads fell back to the primary (${fallbacksAfter - fallbacksBefore} fallbacks counted by B)`,
  );
  faultNotes = [
    `Instance A was killed at ${(killedAt / 1000).toFixed(1)} s and the replica stopped at ${(replicaStoppedAt / 1000).toFixed(1)} s of ${faultSeconds} s.`,
    `Requests that failed: ${failed.length} (${[...new Set(failed.map((f) => `${f.kind} ${f.status || f.error}`))].slice(0, 4).join('; ') || 'none'}); the proxy retried ${proxy.retried} requests on instance B and answered ${proxy.badGateway} with 502.`,
    `Reads that fell back from the stopped replica to the primary (instance B's counter): ${fallbacksAfter - fallbacksBefore}.`,
  ];
  replica.start();
  await proxy.close();
  await Promise.all([a.stop(), b.stop()]);
} catch (error) {
  failures.push(String((error as Error).stack ?? error));
  console.error(error);
  for (const s of servers) console.log(`server ${s.port} (tail):\n  ${s.output.slice(-15).join('\n  ')}`);
} finally {
  for (const s of servers) await s.stop('SIGKILL');
  cluster.stop();
}

const ok = failures.length === 0;
const rps = (p: Phase) => p.run.samples.length / p.run.elapsed;
const [one, two] = phases;
const ratio = one && two ? rps(two) / rps(one) : null;
const lines = [
  `\`pnpm test:scale\` (packages/bench/src/scale.ts): the load of \`pnpm test:load\` doubled (${readers} readers, ${commenters} commenters,`,
  `${seconds} s per phase) first against one instance on the primary alone, then through a round-robin proxy with health checks to`,
  'two instances whose stale-allowed reads go to a streaming replica (PostgreSQL 15 primary and replica are private clusters',
  'started by the script). Load generator, proxy, both instances and both clusters share one 2-core machine, so the ratio',
  'shows the overhead of the topology, not the speed-up that separate machines would give.',
  '',
  ...phases.flatMap((p) => [
    `### ${p.name}`,
    '',
    ...kindTable(summarize(p.run.samples), p.run.elapsed, p.run.samples.length),
    '',
    `Comments acknowledged ${p.run.acknowledged.length}; on the primary ${p.onPrimary}` +
      (p.onReplica === null
        ? '.'
        : `; on the replica after catch-up (${ms(p.catchUpMs!)} ms) ${p.onReplica}.`),
    '',
  ]),
  ratio === null
    ? ''
    : `Throughput, two instances + replica / one instance: **${ratio.toFixed(2)}×** (${rps(two!).toFixed(0)} vs ${rps(one!).toFixed(0)} requests/s).`,
  `Reads answered by the replica during phase two: ${replicaReads.replica}; by the primary: ${replicaReads.primary} (from /metrics, margins_db_replica_reads_total).`,
  '',
  ...faultNotes,
  '',
  `Result: **${ok ? 'pass' : 'FAIL'}**${ok ? '' : ` (${failures.length} failed: ${failures.join('; ').slice(0, 300)})`}.`,
  '',
  machineLine(),
];
console.log(`\n${lines.join('\n')}`);
saveResult(seconds >= 60 ? 'scale' : 'scale-smoke', {
  ok,
  ratio,
  failures,
  replicaReads,
  phases: phases.map((p) => ({
    name: p.name,
    rps: rps(p),
    acknowledged: p.run.acknowledged.length,
    onPrimary: p.onPrimary,
    onReplica: p.onReplica,
  })),
});
if (!values['no-docs'] && seconds >= 60) replaceSection('Scale', lines.join('\n'));
process.exit(ok ? 0 : 1);
