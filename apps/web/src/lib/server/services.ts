import { createJobWorker, ParsePool } from '@margins/api';
import { seedDemo } from '@margins/api/seed';
import { createAuth, type Auth } from '@margins/auth';
import { databaseConfig, openDatabase, type Database } from '@margins/db';
import { migrateDeploy } from '@margins/db/migrate';
import { repoPaths } from '@margins/db/paths';
import { env } from './env';
import { logger } from './ops/log';
import { metrics } from './ops/metrics';

// The workspace packages are imported like any dependency: the production build keeps them
// external (vite.config.ts) and Node loads their compiled dist/ (one Prisma client, one copy of
// its Wasm engines); the dev server and the tests load their TypeScript source through the
// "development" export condition (README, "Builds").

export interface Services {
  db: Database;
  auth: Auth;
  /** Where uploads are parsed: worker threads with a heap and a time limit, never the request thread. */
  parser: ParsePool;
}

let services: Promise<Services> | undefined;

/**
 * The app owns the one database handle of this process (PGlite allows a single opener per
 * data directory). Started from `init` in hooks.server.ts, so migrations finish before the
 * first request is served.
 */
export function getServices(): Promise<Services> {
  services ??= start();
  return services;
}

async function start(): Promise<Services> {
  const config = databaseConfig({
    url: env.DATABASE_URL,
    replicaUrls: env.DATABASE_REPLICA_URLS,
    dataDir: env.MARGINS_DATA_DIR ?? repoPaths.defaultDataDir,
  });
  const db = await openDatabase(config, {
    onQuery: (seconds) => metrics(getServices).queries.observe(seconds),
    replicas: {
      onRead: (target) => metrics(getServices).reads.inc({ target }),
      onFallback: (reason) => metrics(getServices).replicaFallbacks.inc({ reason }),
    },
    onConnectionError: (source, error) => {
      const code = (error as { code?: unknown }).code;
      logger.warn(
        { source, code, err: error.message },
        'database connection lost; it is dropped and replaced',
      );
    },
  });
  if (env.MARGINS_MIGRATE_ON_START) {
    const { applied } = await migrateDeploy(db, repoPaths);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  const auth = createAuth(db, {
    rateLimits: { signUpIp: { limit: env.MARGINS_SIGNUPS_PER_IP_PER_HOUR, windowSeconds: 60 * 60 } },
  });
  const parser = new ParsePool({
    workers: env.MARGINS_PARSE_WORKERS,
    timeoutMs: env.MARGINS_PARSE_TIMEOUT_SECONDS * 1000,
    heapMb: env.MARGINS_PARSE_HEAP_MB,
  });
  // Loaded now, while the server starts, so the first upload does not wait for a worker.
  parser.warm();
  if (env.MARGINS_SEED_DEMO) {
    const { created } = await seedDemo(db, { auth, parser });
    if (created) logger.info('seeded the demo story');
  }
  // Every instance runs a worker: claims are leased with SKIP LOCKED, so none runs a job twice.
  const jobs = env.MARGINS_JOBS
    ? createJobWorker({
        db,
        auth,
        mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, log: logOutboxMail },
        siteUrl: env.ORIGIN ?? `http://localhost:${env.PORT}`,
        worker: { onError: (message, error) => logger.error({ err: error }, message) },
      })
    : null;
  jobs?.start();
  closeOnShutdown(db, parser, jobs);
  const where =
    config.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  logger.info(`Margins is using ${where}. Open http://localhost:${env.PORT}`);
  if (env.MARGINS_SEED_DEMO)
    logger.info('Demo logins: demo (author) and reader, with the password README.md gives');
  return { db, auth, parser };
}

/**
 * Without SMTP_URL, mail stays in the outbox (docs/mail.md). Its links carry single-use tokens,
 * so they are logged only at debug level: `pnpm dev`'s default, never production's.
 */
function logOutboxMail(line: string) {
  logger.info('Mail kept in the outbox (no SMTP_URL); its links are logged at LOG_LEVEL=debug.');
  logger.debug(line);
}

/**
 * SIGTERM/SIGINT: adapter-node stops accepting requests, lets the open ones finish (at most
 * SHUTDOWN_TIMEOUT seconds) and then emits `sveltekit:shutdown`. The parse workers stop and the
 * database handle closes here — PGlite writes its data directory out, the pool and the LISTEN
 * connection end — and the process exits: open handles (live streams' timers, the pool, a
 * worker still parsing) would otherwise keep it alive, and an orchestrator would wait for its
 * kill timeout on every deploy.
 */
function closeOnShutdown(db: Database, parser: ParsePool, jobs: { stop(): Promise<void> } | null) {
  process.once('sveltekit:shutdown', (reason: string) => {
    logger.info(`Shutting down (${reason}): closing the database.`);
    // The worker finishes the jobs in hand first; one cut off by the exit is retried after its lease.
    Promise.all([parser.close(), Promise.resolve(jobs?.stop()).then(() => db.close())]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'closing the database failed');
        process.exit(1);
      },
    );
  });
}
