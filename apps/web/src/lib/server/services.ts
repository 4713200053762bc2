import type { ParsePool } from '@margins/api';
import type { Database } from '@margins/db';
import type { Auth } from '@margins/auth';
import { env } from './env';

/**
 * The workspace packages are loaded with dynamic imports: in the production build they stay
 * external and tsx loads their TypeScript source at run time, while SvelteKit's build-time
 * route analysis (a worker without tsx) must be able to import every route module.
 */
async function loadPackages() {
  const [api, auth, db, migrate, paths, seed] = await Promise.all([
    import('@margins/api'),
    import('@margins/auth'),
    import('@margins/db'),
    import('@margins/db/migrate'),
    import('@margins/db/paths'),
    import('@margins/api/seed'),
  ]);
  return { api, auth, db, migrate, paths, seed };
}

export type Packages = Awaited<ReturnType<typeof loadPackages>>;

export interface Services {
  db: Database;
  auth: Auth;
  /** Where uploads are parsed: worker threads with a heap and a time limit, never the request thread. */
  parser: ParsePool;
  packages: Packages;
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
  const packages = await loadPackages();
  const { repoPaths } = packages.paths;
  const config = packages.db.databaseConfig({
    url: env.DATABASE_URL,
    dataDir: env.MARGINS_DATA_DIR ?? repoPaths.defaultDataDir,
  });
  const db = await packages.db.openDatabase(config);
  if (env.MARGINS_MIGRATE_ON_START) {
    const { applied } = await packages.migrate.migrateDeploy(db, repoPaths);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  }
  const auth = packages.auth.createAuth(db, {
    rateLimits: { signUpIp: { limit: env.MARGINS_SIGNUPS_PER_IP_PER_HOUR, windowSeconds: 60 * 60 } },
  });
  const parser = new packages.api.ParsePool({
    workers: env.MARGINS_PARSE_WORKERS,
    timeoutMs: env.MARGINS_PARSE_TIMEOUT_SECONDS * 1000,
    heapMb: env.MARGINS_PARSE_HEAP_MB,
  });
  // Loaded now, while the server starts, so the first upload does not wait for a worker.
  parser.warm();
  if (env.MARGINS_SEED_DEMO) {
    const { created } = await packages.seed.seedDemo(db, { auth, parser });
    if (created) console.log('Seeded the demo story.');
  }
  // Every instance runs a worker: claims are leased with SKIP LOCKED, so none runs a job twice.
  const jobs = env.MARGINS_JOBS ? packages.api.createJobWorker({ db, auth, mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }, siteUrl: env.ORIGIN ?? `http://localhost:${env.PORT}` }) : null;
  jobs?.start();
  closeOnShutdown(db, parser, jobs);
  const where = config.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  console.log(`Margins is using ${where}.`);
  console.log(`Open http://localhost:${env.PORT}`);
  if (env.MARGINS_SEED_DEMO) console.log('Demo logins: demo / margins-demo-2026 (author), reader / margins-demo-2026');
  return { db, auth, parser, packages };
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
    console.log(`Shutting down (${reason}): closing the database.`);
    // The worker finishes the jobs in hand first; one cut off by the exit is retried after its lease.
    Promise.all([parser.close(), Promise.resolve(jobs?.stop()).then(() => db.close())]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Closing the database failed:', error);
        process.exit(1);
      },
    );
  });
}
