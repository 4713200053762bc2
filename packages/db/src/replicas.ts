// Read replicas (DATABASE_REPLICA_URLS): a driver adapter in front of the primary's that sends a
// plain read to a streaming replica when the caller said stale reads are fine
// (`readsMayBeStale`), and everything else — writes, every statement of a transaction, reads
// outside that scope — to the primary. At the adapter rather than as a client extension
// (@prisma/extension-read-replicas), so the client's type stays what every package knows and a
// replica that fails a statement costs one retry on the primary, never an error:
//   - a replica that is down or refuses (read-only: a CTE that writes) → the primary answers, and
//     the replica is skipped for a few seconds;
//   - a replica that lags more than `maxLagSeconds` behind (replay paused, a slow disk) is skipped
//     until it catches up (checked at most once a second, in the background).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';

const staleOk = new AsyncLocalStorage<boolean>();

/** Runs `fn` with its plain reads allowed on a replica (a second or so behind the primary). */
export function readsMayBeStale<T>(fn: () => T): T {
  return staleOk.run(true, fn);
}

/** Only statements that cannot write are candidates; anything else goes to the primary. */
const READ = /^\s*(SELECT|WITH)\b/i;
const LOCKING = /\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b/i;

export interface ReplicaOptions {
  /** Skip a replica further behind than this (default 2 s). */
  maxLagSeconds?: number;
  /** How long a replica that failed is left alone (default 5 s). */
  retryAfterMs?: number;
  /** Told when a read moved to the primary, and why (metrics, logs). */
  onFallback?: (reason: 'error' | 'lag') => void;
  /** Told which side answered each candidate read (metrics, tests). */
  onRead?: (where: 'replica' | 'primary') => void;
}

interface Replica {
  factory: SqlDriverAdapterFactory;
  adapter: Promise<SqlDriverAdapter> | null;
  downUntil: number;
  lagSeconds: number;
  lagCheckedAt: number;
  checking: boolean;
}

const LAG_SQL = `SELECT CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag`;

export function routeReads(
  primary: SqlDriverAdapterFactory,
  replicaFactories: SqlDriverAdapterFactory[],
  options: ReplicaOptions = {},
): SqlDriverAdapterFactory {
  const maxLag = options.maxLagSeconds ?? 2;
  const retryAfter = options.retryAfterMs ?? 5000;
  const replicas: Replica[] = replicaFactories.map((factory) => ({
    factory,
    adapter: null,
    downUntil: 0,
    lagSeconds: 0,
    lagCheckedAt: 0,
    checking: false,
  }));
  let next = 0;

  const connectReplica = (r: Replica) => {
    r.adapter ??= r.factory.connect().catch((error: unknown) => {
      r.adapter = null;
      throw error;
    });
    return r.adapter;
  };

  const checkLag = (r: Replica) => {
    if (r.checking || Date.now() - r.lagCheckedAt < 1000) return;
    r.checking = true;
    connectReplica(r)
      .then((a) => a.queryRaw({ sql: LAG_SQL, args: [], argTypes: [] }))
      .then((result) => {
        r.lagSeconds = Number(result.rows[0]?.[0] ?? 0);
      })
      .catch(() => {
        r.downUntil = Date.now() + retryAfter;
      })
      .finally(() => {
        r.lagCheckedAt = Date.now();
        r.checking = false;
      });
  };

  /** The next usable replica, round robin, or null. */
  const pick = (): Replica | null => {
    const now = Date.now();
    for (let i = 0; i < replicas.length; i++) {
      const r = replicas[(next + i) % replicas.length]!;
      checkLag(r);
      if (r.downUntil > now) continue;
      if (r.lagSeconds > maxLag) {
        options.onFallback?.('lag');
        continue;
      }
      next = (next + i + 1) % replicas.length;
      return r;
    }
    return null;
  };

  return {
    provider: primary.provider,
    adapterName: primary.adapterName,
    async connect() {
      const main = await primary.connect();
      const queryRaw = async (query: SqlQuery) => {
        const candidate = staleOk.getStore() === true && READ.test(query.sql) && !LOCKING.test(query.sql);
        const replica = candidate ? pick() : null;
        if (replica) {
          try {
            const result = await (await connectReplica(replica)).queryRaw(query);
            options.onRead?.('replica');
            return result;
          } catch {
            replica.downUntil = Date.now() + retryAfter;
            options.onFallback?.('error');
          }
        }
        if (candidate) options.onRead?.('primary');
        return main.queryRaw(query);
      };
      const routed: SqlDriverAdapter & { underlyingDriver?(): unknown } = {
        provider: main.provider,
        adapterName: main.adapterName,
        queryRaw,
        executeRaw: (query) => main.executeRaw(query),
        executeScript: (script) => main.executeScript(script),
        startTransaction: (isolationLevel) => main.startTransaction(isolationLevel),
        async dispose() {
          await main.dispose();
          await Promise.all(
            replicas.map(async (r) => {
              const a = await r.adapter?.catch(() => null);
              await a?.dispose();
            }),
          );
        },
      };
      if (main.getConnectionInfo) routed.getConnectionInfo = () => main.getConnectionInfo!();
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called with main as `this` below
      const driver = (main as { underlyingDriver?(): unknown }).underlyingDriver;
      if (driver) routed.underlyingDriver = () => driver.call(main);
      return routed;
    },
  };
}
