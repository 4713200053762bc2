// Throwaway PostgreSQL databases for benches, load and fault runs: created (or recreated)
// by name on the local server and migrated with the app's own migrations.
import { openDatabase, type Database } from '@margins/db';
import { migrateDeploy } from '@margins/db/migrate';
import { repoPaths } from '@margins/db/paths';
import pg from 'pg';

/** Names the project's shared databases use; the scripts here refuse to drop them. */
const PROTECTED = new Set(['margins', 'margins_test', 'margins_ci', 'postgres', 'margins_bench']);

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and recreates `name` on the server of `baseUrl`, then applies every migration. */
export async function freshDatabase(baseUrl: string, name: string): Promise<{ url: string; db: Database }> {
  if (PROTECTED.has(name) || !/^[a-z0-9_]+$/.test(name))
    throw new Error(`Refusing to recreate database "${name}".`);
  const admin = new pg.Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(baseUrl, name);
  const db = await openDatabase({ kind: 'postgres', url });
  await migrateDeploy(db, repoPaths);
  return { url, db };
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  if (PROTECTED.has(name)) return;
  const admin = new pg.Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Updates the planner's statistics and the visibility map after seeding, as autovacuum would
 * soon after (so it does not start in the middle of a measurement, and plans are the ones a
 * settled database gets).
 */
export async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
