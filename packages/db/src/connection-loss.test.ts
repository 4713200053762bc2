// Connections that die under the app — a PostgreSQL restart, a failover, an administrator's
// pg_terminate_backend — are dropped and replaced, never an uncaught exception (issue 14, H3:
// one unhandled 'error' on the publishing pool ended the process). Killing our own backends with
// pg_terminate_backend works on a shared server without restarting it. PostgreSQL only, except
// the last test: PGlite runs in-process and has no connection to lose, so those tests are
// skipped there (and CI counts a skipped test as neither passed nor failed).
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tcpProxy, type TcpProxy } from '../test/tcp-proxy';
import { openDatabase, type Database } from './connection';
import type { ConnectionSource } from './pubsub';
import { openTestDatabase, testDatabaseUrl, uniqueSuffix } from './testing';

const url = testDatabaseUrl();
/** Skipped, with its reason in the report, where there is no PostgreSQL server to drop us. */
function postgresOnly(name: string, fn: () => Promise<void>): void {
  it(name, async (ctx) => {
    ctx.skip(
      !url,
      'PostgreSQL only (TEST_DATABASE_URL): PGlite runs in-process and has no connection to lose',
    );
    await fn();
  });
}

/** Every uncaught exception and unhandled rejection while these tests run. */
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);
beforeAll(() => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
});
afterAll(() => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
});
beforeEach(() => {
  uncaught.length = 0;
});

interface Handle {
  db: Database;
  /** This handle's application_name; its connections are `<app>:prisma|publish|listen`. */
  app: string;
  lost: ConnectionSource[];
}

/** An app instance on `target` (default: the test server), telling us each connection it lost. */
async function open(target = url!): Promise<Handle> {
  const app = `t_loss_${uniqueSuffix()}`;
  const withName = new URL(target);
  withName.searchParams.set('application_name', app);
  const lost: ConnectionSource[] = [];
  const db = await openDatabase(
    { kind: 'postgres', url: withName.toString() },
    { onConnectionError: (source) => lost.push(source) },
  );
  return { db, app, lost };
}

let admin: pg.Client;
beforeAll(async () => {
  if (!url) return;
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
});

async function backends(h: Handle, source: ConnectionSource): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [`${h.app}:${source}`],
  );
  return rows.map((r) => r.pid);
}

/** pg_terminate_backend on this handle's connections of one kind, waiting until they are gone. */
async function terminate(h: Handle, source: ConnectionSource): Promise<number> {
  // One statement, and only our own role's backends: a pid read first and terminated later can
  // meanwhile belong to another role's process (CI saw "must be a member of the role…").
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid, pg_terminate_backend(pid, 5000) FROM pg_stat_activity
      WHERE application_name = $1 AND usename = current_user`,
    [`${h.app}:${source}`],
  );
  return rows.length;
}

/** Waits until the driver has seen the connection die: reported to us, or uncaught. */
async function settled(h: Handle, source: ConnectionSource): Promise<void> {
  await expect.poll(() => h.lost.includes(source) || uncaught.length > 0).toBe(true);
  expect(uncaught).toEqual([]);
}

const newChannel = () => `t_loss_${uniqueSuffix()}`;

async function subscribe(h: Handle, channel: string) {
  const got: unknown[] = [];
  const gaps = { count: 0 };
  const stop = await h.db.pubsub.subscribe(
    channel,
    (payload) => got.push(payload),
    () => (gaps.count += 1),
  );
  return { got, gaps, stop };
}

/**
 * Publishes until `got` grows: while the LISTEN connection is reconnecting, events are lost
 * (NOTIFY keeps no history), so one publish is not enough to show it is back.
 */
async function publishUntilHeard(publisher: Database, channel: string, got: unknown[]): Promise<void> {
  const before = got.length;
  let n = 0;
  await expect
    .poll(
      async () => {
        await publisher.pubsub.publish(channel, { attempt: (n += 1) }).catch(() => {});
        return got.length;
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBeGreaterThan(before);
}

function proxyUrl(proxy: TcpProxy): string {
  const through = new URL(url!);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  return through.toString();
}

describe('connections lost under the app', () => {
  postgresOnly(
    'a Prisma connection killed while idle is dropped and replaced: no uncaught error, the next query answers',
    async () => {
      const h = await open();
      try {
        await h.db.prisma.$queryRaw`SELECT 1`;
        expect(await terminate(h, 'prisma')).toBeGreaterThan(0);
        await settled(h, 'prisma');
        expect(await h.db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
        expect(uncaught).toEqual([]);
      } finally {
        await h.db.close();
      }
    },
  );

  postgresOnly(
    'a publishing connection killed while idle is dropped and replaced: no uncaught error, the next publish is heard',
    async () => {
      const h = await open();
      try {
        const channel = newChannel();
        const { got } = await subscribe(h, channel);
        await h.db.pubsub.publish(channel, { before: true });
        await expect.poll(() => got.length).toBe(1);
        expect(await terminate(h, 'publish')).toBe(1);
        await settled(h, 'publish');
        await h.db.pubsub.publish(channel, { after: true });
        await expect.poll(() => got).toEqual([{ before: true }, { after: true }]);
        expect(uncaught).toEqual([]);
      } finally {
        await h.db.close();
      }
    },
  );

  postgresOnly(
    'a publishing connection killed with a publish in flight: the publish goes through on a new connection, no uncaught error',
    async () => {
      const proxy = await tcpProxy({
        host: new URL(url!).hostname,
        port: Number(new URL(url!).port || 5432),
      });
      const h = await open(proxyUrl(proxy));
      try {
        const channel = newChannel();
        const { got } = await subscribe(h, channel);
        await h.db.pubsub.publish(channel, { warm: true });
        await expect.poll(() => got.length).toBe(1);
        // The NOTIFY leaves the pool but never reaches PostgreSQL, so it is still in flight when
        // its backend is terminated: the driver sees the connection die mid-query.
        proxy.swallowExisting();
        const inFlight = h.db.pubsub.publish(channel, { inFlight: true });
        await expect.poll(() => proxy.swallowed).toBeGreaterThan(0);
        expect(await terminate(h, 'publish')).toBe(1);
        await expect(inFlight).resolves.toBeUndefined();
        await expect.poll(() => got).toEqual([{ warm: true }, { inFlight: true }]);
        expect(uncaught).toEqual([]);
      } finally {
        await h.db.close();
        await proxy.close();
      }
    },
  );

  postgresOnly(
    'the LISTEN connection killed (twice) reconnects and resubscribes every channel, telling subscribers they may have missed events; events published after recovery are delivered',
    async () => {
      const h = await open();
      const other = await open();
      try {
        const [a, b] = [newChannel(), newChannel()];
        const onA = await subscribe(h, a);
        const onB = await subscribe(h, b);
        const onBToo = await subscribe(h, b);
        let previous = await backends(h, 'listen');
        expect(previous).toHaveLength(1);
        for (let kill = 1; kill <= 2; kill++) {
          expect(await terminate(h, 'listen')).toBe(1);
          await publishUntilHeard(other.db, a, onA.got);
          const heardB = [onB.got.length, onBToo.got.length];
          await other.db.pubsub.publish(b, { kill });
          await expect.poll(() => [onB.got.length, onBToo.got.length]).toEqual(heardB.map((n) => n + 1));
          // Exactly one LISTEN connection again, a new one: none left behind by the retries.
          const now = await backends(h, 'listen');
          expect(now).toHaveLength(1);
          expect(now[0]).not.toBe(previous[0]);
          previous = now;
          // Every subscriber is told once per reconnection that it may have missed events.
          expect([onA.gaps.count, onB.gaps.count, onBToo.gaps.count]).toEqual([kill, kill, kill]);
        }
        expect(h.lost.filter((s) => s === 'listen').length).toBeGreaterThanOrEqual(2);
        expect(uncaught).toEqual([]);
      } finally {
        await h.db.close();
        await other.db.close();
      }
    },
  );

  postgresOnly(
    'an outage (every connection cut, reconnections refused) ends in recovery: LISTEN retries with backoff and resubscribes, queries and publishes answer again',
    async () => {
      const proxy = await tcpProxy({
        host: new URL(url!).hostname,
        port: Number(new URL(url!).port || 5432),
      });
      const h = await open(proxyUrl(proxy));
      const other = await open();
      try {
        const channel = newChannel();
        const { got, gaps } = await subscribe(h, channel);
        await h.db.prisma.$queryRaw`SELECT 1`;
        await h.db.pubsub.publish(channel, { before: true });
        await expect.poll(() => got.length).toBe(1);

        proxy.down();
        const refusedBefore = proxy.accepted;
        // Only the LISTEN connection reconnects by itself; it keeps trying while refused.
        await expect
          .poll(() => proxy.accepted - refusedBefore, { timeout: 15_000 })
          .toBeGreaterThanOrEqual(2);
        // Requests meanwhile fail as errors (the app answers 503), not as crashes.
        await expect(h.db.prisma.$queryRaw`SELECT 1`).rejects.toThrow();
        await expect(h.db.pubsub.publish(channel, { down: true })).rejects.toThrow();

        proxy.up();
        await publishUntilHeard(other.db, channel, got);
        expect(await h.db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
        const heard = got.length;
        await h.db.pubsub.publish(channel, { after: true });
        await expect.poll(() => got.length).toBe(heard + 1);
        expect(got.at(-1)).toEqual({ after: true });
        expect(gaps.count).toBe(1);
        expect(new Set(h.lost)).toEqual(new Set(['prisma', 'publish', 'listen']));
        expect(uncaught).toEqual([]);
      } finally {
        await h.db.close();
        await other.db.close();
        await proxy.close();
      }
    },
  );

  it('a live-update listener that throws neither stops delivery to the others nor escapes as an uncaught exception (both engines)', async () => {
    const db = await openTestDatabase();
    try {
      const channel = newChannel();
      const got: unknown[] = [];
      await db.pubsub.subscribe(channel, () => {
        throw new Error('a broken listener');
      });
      await db.pubsub.subscribe(channel, (payload) => got.push(payload));
      await db.pubsub.publish(channel, { n: 1 });
      await db.pubsub.publish(channel, { n: 2 });
      await expect.poll(() => got).toEqual([{ n: 1 }, { n: 2 }]);
      expect(uncaught).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
