import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

/** Told how long each SQL statement Prisma sent took, in seconds (metrics: query latency). */
export type QueryObserver = (seconds: number) => void;

/** Connections of Prisma's pool (PostgreSQL only; PGlite is one in-process connection). */
export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is too small, or the database too slow. */
  waiting: number;
}

function timeQueries<T extends SqlQueryable>(queryable: T, observe: QueryObserver): T {
  for (const method of ['queryRaw', 'executeRaw'] as const) {
    const inner = queryable[method].bind(queryable) as (q: never) => Promise<unknown>;
    (queryable as Record<string, unknown>)[method] = async (query: never) => {
      const start = performance.now();
      try {
        return await inner(query);
      } finally {
        observe((performance.now() - start) / 1000);
      }
    };
  }
  return queryable;
}

/**
 * Wraps a driver adapter factory so every statement Prisma sends is timed (transactions too),
 * and hands over the adapter it connected, whose driver (pg's Pool) tells the pool's use. At the
 * adapter, not a client extension: the client's type stays what every package knows.
 */
export function observeFactory<F extends SqlDriverAdapterFactory>(
  factory: F,
  observe: QueryObserver | undefined,
  onConnect?: (adapter: SqlDriverAdapter) => void,
): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    onConnect?.(adapter);
    if (!observe) return adapter;
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => timeQueries(await startTransaction(...args), observe);
    return timeQueries(adapter, observe);
  };
  return factory;
}
