// `pnpm test:replica` — read replicas on a real streaming replica of PostgreSQL 15. Starts a
// private primary (initdb, --pg-port, default 5450) and a replica of it (`pg_basebackup -R`,
// port + 1), both removed at the end, and checks packages/db's routing (replicas.ts):
//   1. reads allowed to be stale go to the replica and see what the primary committed; other
//      reads, writes and transactions stay on the primary;
//   2. replay paused on the replica (lag): stale-allowed reads move to the primary and see the
//      newest rows; after `pg_wal_replay_resume()` they return to the replica;
//   3. the replica killed: every read still answers (from the primary), none fails; restarted,
//      reads return to it;
//   4. the HTTP rules of a running app (apps/web lib/server/ops/replica-reads.ts), counted on its
//      /metrics: a page load reads the replica, /api/ reads the primary, a form post sets the
//      `margins_wrote` cookie, and with replay paused the writer's next page (cookie sent) reads
//      the primary and shows their own comment.
// Fails (exit 1) on the first broken expectation. PostgreSQL only; not part of `pnpm test`.
// `--no-build` uses an existing apps/web build.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { openDatabase, readsMayBeStale } from '@margins/db';
import pg from 'pg';
import { sessionTokens, sleep, trpcGet } from './lib/client';
import { databaseUrl, freshDatabase } from './lib/database';
import { makeUsers, publicStory } from './lib/fixture';
import { postgresBinDir, startPrivatePostgres } from './lib/private-postgres';
import { buildWeb, holdBuildLock, startWeb } from './lib/server';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    'pg-port': { type: 'string', default: '5450' },
    'web-port': { type: 'string', default: '4390' },
    'no-build': { type: 'boolean', default: false },
  },
});
holdBuildLock();
const port = Number(values['pg-port']);
console.log(`replica: a private primary on 127.0.0.1:${port} and its streaming replica on ${port + 1}…`);
const cluster = startPrivatePostgres({ port, binDir: postgresBinDir(process.env.PG_BIN) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cluster.stop();
    process.exit(130);
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let failed = false;
try {
  const { url, db: setup } = await freshDatabase(cluster.url, 'margins_replica');
  await setup.prisma.$executeRawUnsafe('CREATE TABLE replica_probe (id int PRIMARY KEY, note text NOT NULL)');
  await setup.close();
  const replica = cluster.startReplica(port + 1);
  const replicaUrl = databaseUrl(replica.url, 'margins_replica');
  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  assert.deepEqual(await onReplica('SELECT pg_is_in_recovery() AS standby'), [{ standby: true }]);

  const reads = { replica: 0, primary: 0 };
  const fallbacks = { error: 0, lag: 0 };
  const db = await openDatabase(
    { kind: 'postgres', url, replicaUrls: [replicaUrl] },
    {
      replicas: {
        maxLagSeconds: 1,
        retryAfterMs: 1000,
        onRead: (t) => reads[t]++,
        onFallback: (r) => fallbacks[r]++,
      },
      onConnectionError: () => {},
    },
  );
  // `async`: a Prisma query runs when awaited, so the await must be inside the scope.
  const notes = () =>
    readsMayBeStale(async () =>
      (await db.prisma.$queryRaw<{ id: number }[]>`SELECT id FROM replica_probe ORDER BY id`).map(
        (r) => r.id,
      ),
    );
  try {
    // 1. Routing.
    await db.prisma.$executeRaw`INSERT INTO replica_probe VALUES (1, 'one')`;
    await waitFor('the replica to have row 1', async () => (await notes()).includes(1));
    const before = { ...reads };
    for (let i = 0; i < 10; i++) assert.deepEqual(await notes(), [1]);
    assert.equal(reads.replica - before.replica, 10, 'stale-allowed reads go to the replica');
    const outside = { ...reads };
    await db.prisma.$queryRaw`SELECT id FROM replica_probe`;
    await readsMayBeStale(
      async () => await db.prisma.$transaction(async (tx) => tx.$queryRaw`SELECT id FROM replica_probe`),
    );
    await readsMayBeStale(
      async () => await db.prisma.$executeRaw`UPDATE replica_probe SET note = 'uno' WHERE id = 1`,
    );
    assert.deepEqual(
      reads,
      outside,
      'reads outside the scope, transactions and writes never reach the router as replica candidates',
    );
    console.log(
      `PASS routing: 10 of 10 stale-allowed reads answered by the replica; transactions and writes on the primary`,
    );

    // 2. Lag: replay paused.
    await onReplica('SELECT pg_wal_replay_pause()');
    await db.prisma.$executeRaw`INSERT INTO replica_probe VALUES (2, 'two')`;
    // Past maxLagSeconds (1 s), and a lag check (at most once a second) has seen it.
    await waitFor(
      'stale-allowed reads to see row 2 through the primary',
      async () => (await notes()).includes(2),
      15,
    );
    assert.ok(fallbacks.lag > 0, 'a lagging replica is skipped');
    assert.deepEqual(
      (await onReplica('SELECT id FROM replica_probe ORDER BY id')).map((r) => r.id),
      [1],
      'the replica really was behind',
    );
    await onReplica('SELECT pg_wal_replay_resume()');
    const resumed = reads.replica;
    await waitFor('reads to return to the replica after it caught up', async () => {
      await notes();
      return reads.replica > resumed;
    });
    assert.deepEqual(await notes(), [1, 2]);
    console.log(
      `PASS lag: with replay paused, reads moved to the primary (${fallbacks.lag} skips) and saw the new row; resumed, back on the replica`,
    );

    // 3. The replica goes away.
    replica.kill();
    const down = { ...reads };
    for (let i = 0; i < 20; i++)
      assert.deepEqual(await notes(), [1, 2], 'every read answers while the replica is down');
    assert.equal(reads.primary - down.primary, 20, 'answered by the primary');
    assert.ok(fallbacks.error > 0);
    replica.start();
    const back = reads.replica;
    await waitFor('reads to return to the restarted replica', async () => {
      await notes();
      return reads.replica > back;
    });
    console.log(
      `PASS replica down: 20 of 20 reads answered by the primary (${fallbacks.error} failed attempts on the replica), none failed; restarted, back on the replica`,
    );
  } finally {
    await db.close();
  }

  // 4. The HTTP rules, in a running app whose DATABASE_REPLICA_URLS names the replica.
  buildWeb(values['no-build']);
  const app = await freshDatabase(cluster.url, 'margins_replica_app');
  const story = await publicStory(app.db, { prefix: 'replica', chapters: 1, words: 300 });
  const [reader] = await makeUsers(app.db, 'replica_reader', 1);
  const [token] = await sessionTokens(app.db, [reader!.username]);
  const { publishedRevisionId } = await app.db.prisma.chapter.findUniqueOrThrow({
    where: { id: story.chapterIds[0]! },
    select: { publishedRevisionId: true },
  });
  const { key: passageKey } = await app.db.prisma.passage.findFirstOrThrow({
    where: { revisionId: publishedRevisionId ?? '' },
    orderBy: { position: 'asc' },
    select: { key: true },
  });
  await app.db.close();
  const appReplicaUrl = databaseUrl(replica.url, 'margins_replica_app');
  const onAppReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: appReplicaUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  await waitFor('the replica to have the session', async () => {
    const rows = await onAppReplica('SELECT count(*)::int AS n FROM "Session"');
    return (rows[0] as { n: number }).n > 0;
  });
  const METRICS_TOKEN = 'replica-check-metrics-token';
  const server = await startWeb({
    port: Number(values['web-port']),
    databaseUrl: databaseUrl(cluster.url, 'margins_replica_app'),
    extraEnv: {
      DATABASE_REPLICA_URLS: appReplicaUrl,
      METRICS_TOKEN,
      // Every page is rendered, so every page load reads the database.
      MARGINS_PAGE_CACHE_MB: '0',
      MARGINS_JOBS: 'false',
    },
  });
  const replicaReads = async () => {
    const text = await (
      await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const m = /^margins_db_replica_reads_total\{target="replica"\} (\d+)/m.exec(text);
    return m ? Number(m[1]) : 0;
  };
  const page = `${server.origin}/s/${story.slug}/1`;
  const session = `margins_session=${token}`;
  try {
    let before = await replicaReads();
    assert.equal((await fetch(page)).status, 200);
    assert.ok((await replicaReads()) > before, 'a page load reads the replica');

    before = await replicaReads();
    const [tocUrl, tocInit] = trpcGet(server.origin, 'reading.toc', { slug: story.slug });
    assert.equal((await fetch(tocUrl, tocInit)).status, 200);
    assert.equal(await replicaReads(), before, '/api/ reads the primary');

    await onAppReplica('SELECT pg_wal_replay_pause()');
    const body = `Seen through the replica rules ${Date.now()}`;
    const posted = await fetch(`${page}?/comment`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: server.origin,
        cookie: session,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ body, type: 'critique', visibility: 'public', passageKey }).toString(),
    });
    assert.ok(posted.status < 400, `the comment form answered ${posted.status}`);
    const wrote = posted.headers.getSetCookie().find((c) => c.startsWith('margins_wrote=1'));
    assert.ok(wrote, 'a form post sets margins_wrote');
    assert.match(wrote, /Max-Age=5\b/);

    before = await replicaReads();
    const own = await fetch(`${page}?comment=${encodeURIComponent(passageKey)}`, {
      headers: { cookie: `${session}; margins_wrote=1` },
    });
    assert.ok((await own.text()).includes(body), 'the writer sees their own comment at once');
    assert.equal(await replicaReads(), before, 'with margins_wrote, the page read the primary');
    assert.deepEqual(
      await onAppReplica(`SELECT id FROM "InlineComment" WHERE body = '${body}'`),
      [],
      'the replica really was behind',
    );
    await onAppReplica('SELECT pg_wal_replay_resume()');
    console.log(
      'PASS HTTP rules: a page load read the replica, /api/ the primary; the form post set margins_wrote, and with replay paused the writer’s next page read the primary and showed their comment',
    );
  } catch (error) {
    console.error(server.output.slice(-30).join('\n'));
    throw error;
  } finally {
    await server.stop();
  }
} catch (error) {
  failed = true;
  console.error('FAIL', error);
} finally {
  cluster.stop();
}
process.exit(failed ? 1 : 0);
