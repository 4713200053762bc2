import { cp, mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, postgresConfig, type Database } from '../connection';
import { repoPaths } from '../paths';
import { testDatabaseUrl } from '../testing';
import { MigrationError, migrateDeploy, migrateDev } from './index';

// Each test works on its own copy of the history and its own empty database, because creating a
// migration changes both; on PostgreSQL that is a scratch database dropped afterwards.
const url = testDatabaseUrl();
const engine = url ? 'PostgreSQL' : 'PGlite';

let work: string;
const scratch: string[] = [];

async function emptyDatabase(): Promise<Database> {
  if (!url) return openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const name = `margins_mig_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client(postgresConfig(url));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  scratch.push(name);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openDatabase({ kind: 'postgres', url: target.toString() });
}

async function copyHistory() {
  const dir = await mkdtemp(join(work, 'case-'));
  const migrationsDir = join(dir, 'migrations');
  const schemaPath = join(dir, 'schema.prisma');
  await cp(repoPaths.migrationsDir, migrationsDir, { recursive: true });
  await cp(repoPaths.schemaPath, schemaPath);
  return { migrationsDir, schemaPath };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'margins-migrate-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  if (url && scratch.length) {
    const admin = new pg.Client(postgresConfig(url));
    await admin.connect();
    for (const name of scratch) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'margins_shadow_%'`);
    await admin.end();
    // No shadow database may outlive a migration run.
    expect(left.rows).toEqual([]);
  }
});

describe(`migrations on ${engine}`, () => {
  it('applies the whole history to an empty database, then has nothing left to apply', async () => {
    const db = await emptyDatabase();
    try {
      const first = await migrateDeploy(db, repoPaths);
      const folders = (await readdir(repoPaths.migrationsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      expect(first.applied).toEqual(folders);
      expect(await migrateDeploy(db, repoPaths)).toEqual({ applied: [] });
      const rows = await db.prisma.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
      expect(Number(rows[0]?.n)).toBe(folders.length);
    } finally {
      await db.close();
    }
  });

  it('creates a migration after a schema change, applies it, and creates nothing the second time', async () => {
    const paths = await copyHistory();
    const schema = await readFile(paths.schemaPath, 'utf8');
    await writeFile(
      paths.schemaPath,
      schema.replace('  displayName  String?', '  displayName  String?\n  pronouns     String?'),
    );
    const db = await emptyDatabase();
    try {
      const made = await migrateDev(db, { ...paths, name: 'add_pronouns' });
      expect(made.created).toMatch(/^\d{14}_add_pronouns$/);
      const sql = await readFile(join(paths.migrationsDir, made.created!, 'migration.sql'), 'utf8');
      expect(sql).toContain('ADD COLUMN     "pronouns" TEXT');
      const cols = await db.prisma.$queryRaw<{ column_name: string }[]>`
        SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'pronouns'`;
      expect(cols).toHaveLength(1);
      const again = await migrateDev(db, { ...paths, name: 'add_pronouns' });
      expect(again).toEqual({ created: null, applied: [] });
    } finally {
      await db.close();
    }
  });

  it('refuses a database whose applied migration was edited, naming the migration', async () => {
    const paths = await copyHistory();
    const db = await emptyDatabase();
    try {
      await migrateDeploy(db, paths);
      const [first] = (await readdir(paths.migrationsDir)).filter((n) => /^\d{14}_/.test(n)).sort();
      await appendFile(join(paths.migrationsDir, first!, 'migration.sql'), '\n-- edited later\n');
      const error = await migrateDeploy(db, paths).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).problem).toContain(first);
      expect((error as MigrationError).fix).toContain('Restore prisma/migrations');
    } finally {
      await db.close();
    }
  });

  it('refuses a database that has migrations the folder does not know', async () => {
    const paths = await copyHistory();
    const db = await emptyDatabase();
    try {
      await migrateDeploy(db, paths);
      const extra = join(paths.migrationsDir, '29990101000000_from_elsewhere');
      await cp(join(paths.migrationsDir, (await readdir(paths.migrationsDir)).sort()[0]!), extra, {
        recursive: true,
      });
      await writeFile(join(extra, 'migration.sql'), 'CREATE TABLE "Elsewhere" (id int);');
      await migrateDeploy(db, paths);
      await rm(extra, { recursive: true });
      const error = await migrateDeploy(db, paths).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).problem).toContain('29990101000000_from_elsewhere');
    } finally {
      await db.close();
    }
  });

  it('reports a failing migration by name, with a fix, not a stack trace', async () => {
    const paths = await copyHistory();
    const db = await emptyDatabase();
    try {
      await migrateDeploy(db, paths);
      const bad = join(paths.migrationsDir, '29990101000000_broken');
      await cp(join(paths.migrationsDir, (await readdir(paths.migrationsDir)).sort()[0]!), bad, {
        recursive: true,
      });
      await writeFile(join(bad, 'migration.sql'), 'ALTER TABLE "NoSuchTable" ADD COLUMN x int;');
      const error = await migrateDeploy(db, paths).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).message).toContain('29990101000000_broken');
      expect((error as MigrationError).message).toContain('How to fix');
    } finally {
      await db.close();
    }
  });

  it('applies a migration whose PL/pgSQL body contains semicolons, as one script', async () => {
    const paths = await copyHistory();
    const folder = join(paths.migrationsDir, '29990101000000_plpgsql');
    await cp(join(paths.migrationsDir, (await readdir(paths.migrationsDir)).sort()[0]!), folder, {
      recursive: true,
    });
    await writeFile(
      join(folder, 'migration.sql'),
      `CREATE FUNCTION margins_twice(x int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE y int;
BEGIN
  y := x * 2;
  RETURN y;
END
$$;`,
    );
    const db = await emptyDatabase();
    try {
      const { applied } = await migrateDeploy(db, paths);
      expect(applied).toContain('29990101000000_plpgsql');
      const rows = await db.prisma.$queryRaw<{ v: number }[]>`SELECT margins_twice(21) AS v`;
      expect(rows[0]?.v).toBe(42);
    } finally {
      await db.close();
    }
  });

  it('username_case_insensitive renames later case-twins, then keeps usernames unique in any case', async () => {
    const paths = await copyHistory();
    const name = (await readdir(paths.migrationsDir)).find((n) => n.endsWith('_username_case_insensitive'))!;
    const held = join(work, `held-${Math.random().toString(36).slice(2)}`);
    await cp(join(paths.migrationsDir, name), held, { recursive: true });
    await rm(join(paths.migrationsDir, name), { recursive: true });
    const db = await emptyDatabase();
    try {
      await migrateDeploy(db, paths);
      // Made before the index: three spellings of one name, and a name already ending in _2.
      const users: [string, string, string][] = [
        ['u1', 'Lexie', '2026-01-01'],
        ['u2', 'LEXIE', '2026-01-02'],
        ['u3', 'lexie', '2026-01-03'],
        ['u4', 'lexie_2', '2025-12-31'],
      ];
      for (const [id, username, at] of users)
        await db.prisma
          .$executeRaw`INSERT INTO "User" (id, username, email, "passwordHash", "createdAt") VALUES (${id}, ${username}, ${`${id}@example.test`}, 'x', ${at}::timestamptz)`;
      await cp(held, join(paths.migrationsDir, name), { recursive: true });
      expect((await migrateDeploy(db, paths)).applied).toEqual([name]);
      const rows = await db.prisma.$queryRaw<
        { id: string; username: string }[]
      >`SELECT id, username FROM "User" ORDER BY id`;
      expect(rows).toEqual([
        { id: 'u1', username: 'Lexie' },
        { id: 'u2', username: 'LEXIE_3' },
        { id: 'u3', username: 'lexie_4' },
        { id: 'u4', username: 'lexie_2' },
      ]);
      await expect(
        db.prisma
          .$executeRaw`INSERT INTO "User" (id, username, email, "passwordHash") VALUES ('u5', 'lExIe', 'u5@example.test', 'x')`,
      ).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
