// Test-only helpers: the one place in packages that reads the environment (TEST_DATABASE_URL),
// so every package's tests run on PGlite by default and on PostgreSQL when it is set.
/* eslint-disable no-restricted-properties */
import pg from 'pg';
import { openDatabase, postgresConfig, type Database } from './connection';
import { migrateDeploy } from './migrate/index';
import { repoPaths } from './paths';

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/**
 * Vitest globalSetup: migrates the shared PostgreSQL once. Several packages' suites start at
 * the same moment under turbo, so the migration runs under an advisory lock.
 */
export async function migrateSharedTestDatabase(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const lock = new pg.Client(postgresConfig(url));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(7273)');
    const db = await openDatabase({ kind: 'postgres', url });
    try {
      await migrateDeploy(db, repoPaths);
    } finally {
      await db.close();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7273)');
    await lock.end();
  }
}

/**
 * A migrated database for one test file: a fresh in-memory PGlite, or the shared PostgreSQL
 * (migrated by globalSetup; tests create unique rows, so nothing is ever truncated).
 */
export async function openTestDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (url) return openDatabase({ kind: 'postgres', url });
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrateDeploy(db, repoPaths);
  return db;
}

let counter = 0;
/** A short suffix that keeps usernames, slugs and titles unique across parallel test files. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}

/**
 * A migrated database no other test file sees, for tests whose effects are global (pruning
 * every expired row, a schedule's once-per-hour slot): a fresh in-memory PGlite, or on
 * PostgreSQL a new database created for the caller and dropped by `close()`.
 */
export async function openPrivateTestDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) return openTestDatabase();
  const name = `margins_private_${uniqueSuffix()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client(postgresConfig(url));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const privateUrl = new URL(url);
  privateUrl.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: privateUrl.toString() });
  await migrateDeploy(db, repoPaths);
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client(postgresConfig(url));
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
