import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, postgresConfig, type Database } from '../connection';
import { repoPaths } from '../paths';
import { testDatabaseUrl, uniqueSuffix } from '../testing';
import { migrateDeploy, migrationNames, unappliedMigrations } from './index';

// /readyz asks this on every probe (apps/web lib/server/ops/health.ts).
const url = testDatabaseUrl();
const scratch: string[] = [];

async function emptyDatabase(): Promise<Database> {
  if (!url) return openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const name = `margins_ready_${uniqueSuffix()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const admin = new pg.Client(postgresConfig(url));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  scratch.push(name);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openDatabase({ kind: 'postgres', url: target.toString() });
}

afterAll(async () => {
  if (!url || !scratch.length) return;
  const admin = new pg.Client(postgresConfig(url));
  await admin.connect();
  for (const name of scratch) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe(`unappliedMigrations on ${url ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('all of them on an empty database, none once deployed, and a newer one this database lacks', async () => {
    const db = await emptyDatabase();
    try {
      const names = await migrationNames(repoPaths.migrationsDir);
      expect(names.length).toBeGreaterThan(10);
      expect(await unappliedMigrations(db, names)).toEqual(names);
      await migrateDeploy(db, repoPaths);
      expect(await unappliedMigrations(db, names)).toEqual([]);
      // A release whose migration is not applied yet is not ready; an older release (fewer names) is.
      expect(await unappliedMigrations(db, [...names, '29991231000000_next'])).toEqual([
        '29991231000000_next',
      ]);
      expect(await unappliedMigrations(db, names.slice(0, 3))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
