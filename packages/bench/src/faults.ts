// `pnpm test:faults` — scripted, repeatable faults against the production build, on a private
// PostgreSQL cluster this script creates (initdb in a temporary directory, port --pg-port, default
// 5442; see lib/private-postgres.ts) and removes at the end, so restarting PostgreSQL touches no
// one else's server. Scenarios (all by default, or --only kill,two,pg):
//   kill  Uploads (chapter.create, ~60 KB) and comment posts run concurrently; the server gets
//         SIGKILL at a random moment, 3 rounds, restarting each time. After each restart: every
//         acknowledged comment and chapter is there, and no revision is partial (each one has
//         segments and passages that add up to its word count; no chapter lacks its revision).
//   two   Two app instances on one database: a listener on instance B receives the live event of
//         a comment posted through instance A (LISTEN/NOTIFY), and the other way round.
//   pg    PostgreSQL restarted (`pg_ctl restart -m fast`: every backend gets 57P01) while readers
//         read, writers post comments (each one a live event) and readers hold live streams
//         (SSE, /api/live/chapters/<id>) open. Fails if the app exits, answers anything but 2xx
//         or 503 (429 only for comment posts: the per-user limit is a correct answer, and the
//         writers spread their posts so it stays 0), takes more than 10 s to answer everything
//         after PostgreSQL is back, or if a live stream opened before the restart closes, is not
//         told to refetch (`ready` again), or misses an event published after recovery.
//         (`--pg-restart` is accepted for old command lines; the cluster is private, so pg runs
//         by default.)
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sessionTokens, sleep, timedFetch, trpcData, trpcGet, trpcPost, type Sample } from './lib/client';
import { freshDatabase } from './lib/database';
import { chapterMarkdown, makeUsers, publicStory } from './lib/fixture';
import { postgresBinDir, startPrivatePostgres } from './lib/private-postgres';
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
    // App instances listen on --port and --port + 1; the private PostgreSQL on --pg-port.
    port: { type: 'string', default: '4330' },
    'pg-port': { type: 'string', default: '5442' },
  },
});
const only = new Set(values.only.split(','));
const PORTS = { a: Number(values.port), b: Number(values.port) + 1 };
const results: { scenario: string; ok: boolean; detail: string }[] = [];
const report = (scenario: string, ok: boolean, detail: string) => {
  results.push({ scenario, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${scenario}: ${detail}`);
};

buildWeb(values['no-build']);
console.log(`faults: starting a private PostgreSQL on 127.0.0.1:${values['pg-port']}…`);
const cluster = startPrivatePostgres({
  port: Number(values['pg-port']),
  binDir: postgresBinDir(process.env.PG_BIN),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cluster.stop();
    process.exit(130);
  });
}
let url: string;
let story: Awaited<ReturnType<typeof publicStory>>;
let ownerToken: string;
let tokens: string[];
let restartTokens: string[];
let chapterId: string;
let keys: string[];
try {
  const fresh = await freshDatabase(cluster.url, 'margins_faults');
  url = fresh.url;
  const db = fresh.db;
  console.log('faults: seeding…');
  story = await publicStory(db, { prefix: 'ft', chapters: 1, words: 2000 });
  const commenters = await makeUsers(db, 'ft_c', 40);
  // Their own users for the restart: the per-user comment limit (10 a minute) must not answer.
  const restartCommenters = only.has('pg') ? await makeUsers(db, 'ft_p', 80) : [];
  [ownerToken] = (await sessionTokens(db, [story.owner.username])) as [string];
  tokens = await sessionTokens(
    db,
    commenters.map((u) => u.username),
  );
  restartTokens = await sessionTokens(
    db,
    restartCommenters.map((u) => u.username),
  );
  chapterId = story.chapterIds[0]!;
  const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { publishedRevisionId: true },
  });
  keys = (
    await db.prisma.passage.findMany({
      where: { revisionId: publishedRevisionId!, kind: 'text' },
      select: { key: true },
    })
  ).map((p) => p.key);
  await db.close();
} catch (error) {
  cluster.stop();
  throw error;
}
const sql = new pg.Pool({ connectionString: url, max: 2 });
// Idle connections die with a PostgreSQL restart; the pool replaces them on the next query.
sql.on('error', () => {});

/** Invariants after a crash: acknowledged writes exist, and no revision is partial. */
async function checkIntegrity(ackComments: string[], ackChapters: string[]): Promise<string[]> {
  const problems: string[] = [];
  const c = await sql.query<{ id: string }>('SELECT id FROM "InlineComment" WHERE id = ANY($1::text[])', [
    ackComments,
  ]);
  if (c.rowCount !== ackComments.length)
    problems.push(`${ackComments.length - (c.rowCount ?? 0)} acknowledged comments missing`);
  const ch = await sql.query<{ id: string }>(
    'SELECT id FROM "Chapter" WHERE id = ANY($1::text[]) AND "currentRevisionId" IS NOT NULL',
    [ackChapters],
  );
  if (ch.rowCount !== ackChapters.length)
    problems.push(
      `${ackChapters.length - (ch.rowCount ?? 0)} acknowledged chapters missing or without a revision`,
    );
  const orphans = await sql.query(
    'SELECT id FROM "Chapter" WHERE "storyId" = $1 AND "currentRevisionId" IS NULL',
    [story.storyId],
  );
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
  if (partial.rowCount)
    problems.push(`${partial.rowCount} partial revisions: ${JSON.stringify(partial.rows.slice(0, 3))}`);
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
        const { sample, body } = await timedFetch(
          'upload',
          ...trpcPost(
            server.origin,
            'chapter.create',
            {
              storyId: story.storyId,
              title: `Crash ${round}-${i}`,
              upload: { source: upload, format: 'markdown' },
            },
            ownerToken!,
          ),
          samples,
        );
        if (sample.status === 200) ackChapters.push(trpcData<{ chapterId: string }>(body).chapterId);
        if (sample.status === 0) break;
      }
    };
    const poster = async () => {
      while (!stop) {
        // A fresh user per post (9 each at most), so the per-user limit never answers for us.
        const token = tokens[Math.floor(userCursor++ / 9) % tokens.length]!;
        const { sample, body } = await timedFetch(
          'comment',
          ...trpcPost(
            server.origin,
            'comment.create',
            {
              chapterId,
              passageKey: keys[posted++ % keys.length],
              body: `Crash comment ${round}`,
              type: 'reaction',
            },
            token,
          ),
          samples,
        );
        if (sample.status === 200) ackComments.push(trpcData<{ id: string }>(body).id);
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
    report(
      `kill round ${round}`,
      problems.length === 0 && fivexx === 0,
      `${samples.length} requests before SIGKILL (${cut} cut by the kill, ${fivexx} 5xx); acknowledged so far: ${ackChapters.length} uploads, ${ackComments.length} comments; ${problems.length ? problems.join('; ') : 'all present, no partial revision'}`,
    );
  }
  // After the last kill: a restarted server serves every acknowledged chapter.
  const server = await startWeb({ port: PORTS.a, databaseUrl: url });
  const toc = await fetch(
    ...trpcGet(
      server.origin,
      'chapter.revisions',
      { chapterId: ackChapters.at(-1) ?? chapterId },
      ownerToken!,
    ),
  );
  report(
    'restart after kills',
    toc.status === 200,
    `the last acknowledged upload reads back after restart: ${toc.status}`,
  );
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
  const [a, b] = await Promise.all([
    startWeb({ port: PORTS.a, databaseUrl: url }),
    startWeb({ port: PORTS.b, databaseUrl: url }),
  ]);
  const abort = new AbortController();
  try {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const received: string[] = [];
      await listen(to, received, abort.signal);
      await sleep(300);
      const token = tokens[(userCursorTwo += 1) % tokens.length]!;
      const t0 = performance.now();
      const { sample, body } = await timedFetch(
        'comment',
        ...trpcPost(
          from.origin,
          'comment.create',
          { chapterId, passageKey: keys[0], body: 'Across instances', type: 'reaction' },
          token,
        ),
        null,
      );
      const id = sample.status === 200 ? trpcData<{ id: string }>(body).id : null;
      let seen = false;
      while (id && !seen && performance.now() - t0 < 5000) {
        seen = received.join('').includes(id);
        if (!seen) await sleep(50);
      }
      report(
        `live update ${from.port} → ${to.port}`,
        seen,
        id
          ? seen
            ? `event with comment ${id} arrived in ${(performance.now() - t0).toFixed(0)} ms`
            : `no event within 5 s (got: ${received.join('').slice(0, 200)})`
          : `posting failed: ${sample.status} ${body.slice(0, 200)}`,
      );
    }
  } finally {
    abort.abort();
    await Promise.all([a.stop(), b.stop()]);
  }
}
let userCursorTwo = 30;

/** A live stream held open like a browser's EventSource (without its reconnecting). */
interface LiveStream {
  commentIds: Set<string>;
  readies: number;
  /** Set when the server ended or broke the stream. */
  endedAt: number | null;
}

async function holdStream(server: WebServer, signal: AbortSignal, t0: number): Promise<LiveStream> {
  const stream: LiveStream = { commentIds: new Set(), readies: 0, endedAt: null };
  const res = await fetch(`${server.origin}/api/live/chapters/${chapterId}`, { signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE on ${server.port}: ${res.status}`);
  const body = res.body.pipeThrough(new TextDecoderStream());
  void (async () => {
    let text = '';
    try {
      for await (const chunk of body) {
        text += chunk;
        // Whole frames only; the rest waits for the next chunk.
        const cut = text.lastIndexOf('\n\n');
        if (cut < 0) continue;
        const frames = text.slice(0, cut);
        text = text.slice(cut + 2);
        stream.readies += frames.split('event: ready\n').length - 1;
        for (const m of frames.matchAll(/"commentId":"([^"]+)"/g)) stream.commentIds.add(m[1]!);
      }
    } catch {
      // aborted, or broken by the server
    }
    if (!signal.aborted) stream.endedAt = Date.now() - t0;
  })();
  return stream;
}

async function pgRestartScenario() {
  const server = await startWeb({ port: PORTS.a, databaseUrl: url });
  const t0 = Date.now();
  type Timed = Sample & { at: number };
  const samples: Timed[] = [];
  /** Answers the scenario does not accept, by kind, status and body. */
  const unexpected = new Map<string, number>();
  const record = (kind: string, sample: Sample, at: number, body: string, alsoAccepted: number[] = []) => {
    samples.push({ ...sample, kind, at });
    const ok =
      (sample.status >= 200 && sample.status < 300) ||
      sample.status === 503 ||
      alsoAccepted.includes(sample.status);
    if (!ok) {
      const key = `${kind} ${sample.status}: ${(sample.error ?? body).slice(0, 200)}`;
      unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
    }
  };
  let stop = false;
  const abortStreams = new AbortController();
  const streams = await Promise.all(
    Array.from({ length: 4 }, () => holdStream(server, abortStreams.signal, t0)),
  );

  const reader = async () => {
    while (!stop) {
      const at = Date.now() - t0;
      const { sample, body } = await timedFetch(
        'read',
        ...trpcGet(server.origin, 'reading.chapter', { chapterId }),
        null,
        10_000,
      );
      record('read', sample, at, body);
      await sleep(50);
    }
  };
  /** Acknowledged comments and when; each one is a live event on the chapter. */
  const acked: { id: string; at: number }[] = [];
  let cursor = 0;
  const post = async (label: string) => {
    // 9 posts per user at most: the limit is 10 a minute.
    const token = restartTokens[Math.floor(cursor++ / 9) % restartTokens.length]!;
    const at = Date.now() - t0;
    const { sample, body } = await timedFetch(
      'write',
      ...trpcPost(
        server.origin,
        'comment.create',
        { chapterId, passageKey: keys[cursor % keys.length], body: label, type: 'reaction' },
        token,
      ),
      null,
      10_000,
    );
    record('write', sample, at, body, [429]);
    if (sample.status !== 200) return null;
    const id = trpcData<{ id: string }>(body).id;
    acked.push({ id, at: Date.now() - t0 });
    return id;
  };
  const writer = async () => {
    while (!stop) {
      await post('Written during the restart run');
      await sleep(150);
    }
  };
  /** New live streams opened throughout: 200 (then `ready`) or 503, like any request. */
  let opened = 0;
  let openedWithoutReady = 0;
  const opener = async () => {
    while (!stop) {
      const at = Date.now() - t0;
      const t = performance.now();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 3000);
      try {
        const res = await fetch(`${server.origin}/api/live/chapters/${chapterId}`, { signal: abort.signal });
        let text = '';
        if (res.status === 200 && res.body) {
          opened += 1;
          try {
            for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
              text += chunk;
              if (text.includes('event: ready\n')) break;
            }
          } catch {
            // cut off by our timeout, or broken by the server
          }
          if (!text.includes('event: ready\n')) openedWithoutReady += 1;
        } else text = await res.text();
        record('live', { kind: 'live', status: res.status, ms: performance.now() - t }, at, text);
      } catch (error) {
        record(
          'live',
          {
            kind: 'live',
            status: 0,
            ms: performance.now() - t,
            error: String((error as Error).cause ?? error),
          },
          at,
          '',
        );
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      await sleep(300);
    }
  };
  const workers = [...Array.from({ length: 6 }, reader), ...Array.from({ length: 3 }, writer), opener()];
  await sleep(3000);
  console.log('faults: restarting PostgreSQL (pg_ctl restart -m fast)…');
  const before = Date.now() - t0;
  const code = await cluster.restart();
  const back = Date.now() - t0;
  await sleep(15_000);
  stop = true;
  await Promise.all(workers);

  // Recovered: the first moment after PostgreSQL is back from which every request succeeds.
  const good = (s: Timed) => s.status === 200 || (s.kind === 'write' && s.status === 429);
  const after = samples.filter((s) => s.at >= back).sort((x, y) => x.at - y.at);
  const lastBad = [...after].reverse().find((s) => !good(s));
  const recoveredAt = lastBad ? lastBad.at + lastBad.ms : back;
  const recovery = (recoveredAt - back) / 1000;
  const during = samples.filter((s) => s.at >= before && s.at <= recoveredAt);

  // Live events published after recovery reach every stream opened before the restart.
  const checkIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await post(`After recovery ${i}`);
    if (id) checkIds.push(id);
    await sleep(300);
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !streams.every((st) => checkIds.every((id) => st.commentIds.has(id))))
    await sleep(100);
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  abortStreams.abort();
  await server.stop();

  const count = (list: Timed[]) => {
    const by = new Map<number, number>();
    for (const s of list) by.set(s.status, (by.get(s.status) ?? 0) + 1);
    return [...by]
      .sort((x, y) => x[0] - y[0])
      .map(([status, n]) => `${n}× ${status}`)
      .join(', ');
  };
  for (const kind of ['read', 'write', 'live']) {
    const all = samples.filter((s) => s.kind === kind);
    console.log(
      `faults: ${kind}: ${all.length} requests (${count(all)}); during the outage: ${count(during.filter((s) => s.kind === kind)) || 'none'}`,
    );
  }
  console.log(
    `faults: new live streams opened: ${opened} answered 200, ${openedWithoutReady} of them without a ready event`,
  );
  const window = (from: number, to: number) => acked.filter((a) => a.at >= from && a.at < to);
  const phases = {
    before: window(0, before),
    during: window(before, recoveredAt),
    after: window(recoveredAt, Infinity).filter((a) => !checkIds.includes(a.id)),
  };
  streams.forEach((st, i) => {
    const got = (list: { id: string }[]) =>
      `${list.filter((a) => st.commentIds.has(a.id)).length}/${list.length}`;
    console.log(
      `faults: live stream ${i + 1}: events for comments acknowledged before ${got(phases.before)}, during ${got(phases.during)}, after recovery ${got(phases.after)}, checks ${got(checkIds.map((id) => ({ id })))}; ready events ${st.readies}; ${st.endedAt === null ? 'open to the end' : `ended at ${(st.endedAt / 1000).toFixed(1)} s`}`,
    );
  });
  const lost = server.output.filter((line) => line.includes('Database connection ('));
  console.log(
    `faults: the server reported ${lost.length} lost database connections (${['prisma', 'publish', 'listen'].map((k) => `${k} ${lost.filter((l) => l.includes(`(${k})`)).length}`).join(', ')})`,
  );
  if (unexpected.size > 0) {
    console.log(
      `faults: answers other than 2xx/503 (and 429 for posts):\n  ${[...unexpected].map(([k, n]) => `${n}× ${k}`).join('\n  ')}`,
    );
    console.log(
      `faults: the server said:\n  ${server.output
        .filter((line) => /error/i.test(line))
        .slice(-20)
        .join('\n  ')}`,
    );
  }
  if (!alive)
    console.log(
      `faults: the server exited (${server.child.exitCode ?? server.child.signalCode}):\n  ${server.output.slice(-30).join('\n  ')}`,
    );

  const streamsOk =
    checkIds.length === 3 &&
    streams.every(
      (st) => st.endedAt === null && st.readies >= 2 && checkIds.every((id) => st.commentIds.has(id)),
    );
  const recovered =
    recovery <= 10 &&
    after.some((s) => s.kind === 'read' && s.status === 200) &&
    after.some((s) => s.kind === 'write' && s.status === 200);
  report(
    'PostgreSQL restart',
    code === 0 && alive && unexpected.size === 0 && recovered,
    `restart took ${((back - before) / 1000).toFixed(1)} s; the app answered every request again ${recovery.toFixed(1)} s after PostgreSQL was back (target ≤ 10 s), without restarting (process alive: ${alive}); ${samples.length} requests, ${unexpected.size ? `${[...unexpected.values()].reduce((a, b) => a + b, 0)} unexpected answers` : 'every one 2xx or 503 (or 429 on a post)'}; during the outage ${during.filter((s) => !good(s)).length} of ${during.length} failed (${[...new Set(during.filter((s) => !good(s)).map((s) => s.status))].join(', ') || '-'}).`,
  );
  report(
    'live streams across the restart',
    streamsOk,
    `${streams.length} streams opened before the restart: ${streams.filter((st) => st.endedAt === null).length} still open, ${streams.filter((st) => st.readies >= 2).length} told to refetch after the gap, ${streams.filter((st) => checkIds.every((id) => st.commentIds.has(id))).length} received all of the ${checkIds.length} (of 3 attempted) events published after recovery; ${acked.length} comments posted in all (${phases.during.length} while PostgreSQL was down or recovering).`,
  );
}

try {
  if (only.has('kill')) await killScenario();
  if (only.has('two')) await twoInstancesScenario();
  if (only.has('pg')) await pgRestartScenario();
} finally {
  await sql.end();
  cluster.stop();
}
const failed = results.filter((r) => !r.ok);
console.log(`\nfaults: ${results.length - failed.length} passed, ${failed.length} failed.`);
process.exit(failed.length ? 1 : 0);
