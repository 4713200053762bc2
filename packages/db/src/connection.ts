import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { parse as parseConnectionString, parseIntoClientConfig } from 'pg-connection-string';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client';
import { lockDataDir } from './data-dir-lock';
import { routeReads, type ReplicaOptions } from './replicas';
import { observeFactory, type PoolStats, type QueryObserver } from './observe';
import { pglitePubSub, postgresPubSub, type ConnectionErrorHandler, type PubSub } from './pubsub';

/**
 * Where the data lives. `postgres` talks to a PostgreSQL server; `pglite` runs PostgreSQL
 * in-process (compiled to Wasm), persisted in `dataDir` (or in memory for `memory://`).
 */
export type DatabaseConfig =
  { kind: 'postgres'; url: string; replicaUrls?: string[] } | { kind: 'pglite'; dataDir: string };

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly prisma: PrismaClient;
  /** LISTEN/NOTIFY fan-out for live updates, across every app instance on this database. */
  readonly pubsub: PubSub;
  /** A factory the schema engine can drive, including a throwaway shadow database. */
  migrationAdapter(): MigrationAdapter;
  /** Prisma's connection pool now (metrics); null on PGlite or before the first query. */
  poolStats(): PoolStats | null;
  close(): Promise<void>;
}

/** Picks the engine the way the app documents it: a URL means PostgreSQL, none means PGlite. */
export function databaseConfig(options: {
  url?: string | undefined;
  replicaUrls?: string[] | undefined;
  dataDir: string;
}): DatabaseConfig {
  if (!options.url) return { kind: 'pglite', dataDir: options.dataDir };
  return options.replicaUrls?.length
    ? { kind: 'postgres', url: options.url, replicaUrls: options.replicaUrls }
    : { kind: 'postgres', url: options.url };
}

export interface MigrationAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Ends the connections the schema engine opened; the engine never does. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Told about every PostgreSQL connection that died (idle, mid-query or LISTENing) or could
   * not be reopened; the connection has already been dropped and is replaced on next use.
   * Defaults to one warning line. PGlite runs in-process and has no connections to lose.
   */
  onConnectionError?: ConnectionErrorHandler;
  /** Told each statement's duration (metrics); nothing is timed without it. */
  onQuery?: QueryObserver;
  /** How reads use the replicas of `replicaUrls` (replicas.ts). */
  replicas?: ReplicaOptions;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(
        config.url,
        options.onConnectionError ?? warnConnectionError,
        options.onQuery,
        config.replicaUrls ?? [],
        options.replicas,
      )
    : openPglite(config.dataDir, options.onQuery);
}

const warnConnectionError: ConnectionErrorHandler = (source, error) => {
  const code = (error as { code?: unknown }).code;
  console.warn(
    `Database connection (${source}) lost: ${typeof code === 'string' ? `${code} ` : ''}${error.message}. It is dropped and replaced.`,
  );
};

async function openPglite(dataDir: string, onQuery?: QueryObserver): Promise<Database> {
  let unlock = async () => {};
  if (dataDir !== 'memory://') {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  const client = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir).catch(
    async (error: unknown) => {
      await unlock();
      throw error;
    },
  );
  const factory = new PrismaPGlite(client);
  const prisma = new PrismaClient({ adapter: observeFactory(new PrismaPGlite(client), onQuery) });
  const migrationFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => awaitScripts(await factory.connect()),
    connectToShadowDb: async () => awaitScripts(await factory.connectToShadowDb()),
  };
  const pubsub = pglitePubSub(client);
  return {
    kind: 'pglite',
    prisma,
    pubsub,
    // PGlite is one connection: the engine shares it with the client, so there is nothing to close.
    migrationAdapter: () => ({ factory: migrationFactory, close: async () => {} }),
    poolStats: () => null,
    async close() {
      await pubsub.close();
      await prisma.$disconnect();
      await client.close();
      await unlock();
    },
  };
}

/**
 * pglite-prisma-adapter 0.7.2 fires `exec` for a migration script without awaiting it, so a
 * failing migration is recorded as applied and its error escapes as an unhandled rejection.
 * Awaiting the script restores what the schema engine expects: a rejected promise.
 */
function awaitScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const driver = (adapter as unknown as { client: PGlite }).client;
  const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await driver.exec(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}

/**
 * Three sets of connections, each with its error path (a PostgreSQL restart ends them all; an
 * unhandled pool or client 'error' event would end the process): Prisma's pool (adapter-pg
 * creates it and listens for idle errors; `onPoolError`/`onConnectionError` report them), the
 * publishing pool and the LISTEN connection (pubsub.ts). Each gets its own `application_name`
 * (`<name>:prisma`, `:publish`, `:listen`, after the URL's `application_name` or "margins"), so
 * pg_stat_activity tells them apart.
 */
// async although nothing is awaited: a bad URL or option becomes a rejection, as on PGlite.
// eslint-disable-next-line @typescript-eslint/require-await
async function openPostgres(
  url: string,
  onConnectionError: ConnectionErrorHandler,
  onQuery: QueryObserver | undefined,
  replicaUrls: string[],
  replicaOptions: ReplicaOptions | undefined,
): Promise<Database> {
  // Every option of the URL, as node-postgres would read it, with our application_name.
  const base = parseIntoClientConfig(url);
  const name = (suffix: string) => `${base.application_name ?? 'margins'}:${suffix}`;
  const adapter = new PrismaPg(
    { ...base, application_name: name('prisma') },
    {
      onPoolError: (error) => onConnectionError('prisma', error),
      onConnectionError: (error) => onConnectionError('prisma', error),
    },
  );
  // Read replicas: a pool each, which gives up connecting quickly (a replica that is gone must
  // not hold a reader up: the primary answers instead).
  const replicas = replicaUrls.map(
    (replicaUrl) =>
      new PrismaPg(
        {
          ...parseIntoClientConfig(replicaUrl),
          application_name: name('replica'),
          connectionTimeoutMillis: 2000,
        },
        {
          onPoolError: (error) => onConnectionError('replica', error),
          onConnectionError: (error) => onConnectionError('replica', error),
        },
      ),
  );
  let pool: pg.Pool | null = null;
  const prisma = new PrismaClient({
    adapter: observeFactory(
      replicas.length ? routeReads(adapter, replicas, replicaOptions) : adapter,
      onQuery,
      (connected) => {
        // adapter-pg's adapter: its driver is the pg.Pool it created.
        pool = (connected as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
      },
    ),
  });
  const pubsub = postgresPubSub({
    publish: { ...base, application_name: name('publish'), max: 2 },
    // keepAlive: a LISTEN connection only ever reads, so without TCP keepalives one cut off
    // silently (a failover, a NAT timeout) would wait forever instead of reconnecting.
    listen: { ...base, application_name: name('listen'), keepAlive: true, connectionTimeoutMillis: 5000 },
    onConnectionError,
  });
  return {
    kind: 'postgres',
    prisma,
    pubsub,
    migrationAdapter: () => postgresMigrationAdapter(url),
    poolStats: () =>
      pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
    async close() {
      await pubsub.close();
      await prisma.$disconnect();
    },
  };
}

/** Connection settings as an object: node-postgres lets a connection string win over any
 *  `database` override, which would make the "shadow" database the real one. */
export function postgresConfig(url: string): pg.PoolConfig {
  const parsed = parseConnectionString(url);
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    database: parsed.database ?? undefined,
    ssl: parsed.ssl ? (parsed.ssl as pg.PoolConfig['ssl']) : undefined,
    max: 4,
  };
}

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The schema engine introspects catalog columns of PostgreSQL's internal `"char"` type, which
 * adapter-pg cannot deserialise; reporting them as text is lossless for those one-letter codes.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- pg.Pool#query's overloads (callback or promise) pass through untyped */
class CatalogSafePool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: pg.QueryResult) => {
        for (const field of res.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
        return res;
      });
    }
    return result;
  }
}
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call */

/**
 * adapter-pg's own shadow database is dropped while its pool is still connected, which fails and
 * leaves `prisma_migrate_shadow_db_*` behind; this one drops it only after the pool has ended,
 * and with FORCE.
 */
function postgresMigrationAdapter(url: string): MigrationAdapter {
  const config = postgresConfig(url);
  const mainPool = new CatalogSafePool(config);
  mainPool.on('error', () => {});
  const main = new PrismaPg(mainPool);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => wholeScripts(await main.connect()),
    async connectToShadowDb() {
      const name = `margins_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client(config);
      // Its errors reach us through its queries; an unhandled 'error' event would end the process.
      admin.on('error', () => {});
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const pool = new CatalogSafePool({ ...config, database: name });
      // The engine may still hold a shadow connection when the database is dropped WITH (FORCE);
      // that termination is intended, not an error to crash on.
      pool.on('error', () => {});
      const adapter = wholeScripts(await new PrismaPg(pool).connect());
      return withDispose(adapter, async () => {
        await pool.end();
        try {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      });
    },
  };
  return { factory, close: () => mainPool.end() };
}

/**
 * adapter-pg 7.10 runs a migration script by splitting it at every ";", which cuts PL/pgSQL
 * function bodies apart. PostgreSQL's simple-query protocol takes the whole script at once
 * (and runs it as one implicit transaction, so a failing migration leaves nothing behind).
 */
function wholeScripts(adapter: Awaited<ReturnType<PrismaPg['connect']>>): SqlDriverAdapter {
  const driver = adapter.underlyingDriver();
  const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await driver.query(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}

function withDispose(adapter: SqlDriverAdapter, after: () => Promise<void>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await after();
  };
  return adapter;
}
