import { readFile } from 'node:fs/promises';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import type { Database } from '../connection';
import { openSchemaEngine } from './engine';
import { MigrationError, explainEngineError } from './errors';
import { readMigrations, writeMigration } from './history';

export { MigrationError } from './errors';

export interface MigrationPaths {
  /** `prisma/migrations` */
  migrationsDir: string;
  /** `prisma/schema.prisma` */
  schemaPath: string;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

async function withEngine<T>(db: Database, paths: MigrationPaths, run: (engine: SchemaEngine) => Promise<T>) {
  const schema = { path: paths.schemaPath, content: await readFile(paths.schemaPath, 'utf8') };
  const adapter = db.migrationAdapter();
  try {
    const engine = await openSchemaEngine(schema, adapter.factory);
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw error instanceof MigrationError ? error : explainEngineError(error);
  } finally {
    await adapter.close();
  }
}

/**
 * Refuses to touch a database whose history is not a prefix of the folder's: an edited,
 * failed, or unknown migration needs a human decision, never an automatic reset.
 */
async function checkHistory(engine: SchemaEngine, paths: MigrationPaths): Promise<void> {
  const migrationsList = await readMigrations(paths.migrationsDir);
  const report = await engine.diagnoseMigrationHistory({
    migrationsList,
    optInToShadowDatabase: false,
    filters: NO_FILTER,
  });
  const [failed] = report.failedMigrationNames;
  if (failed) {
    throw new MigrationError(
      `Migration ${failed} failed part-way on this database.`,
      `Fix the cause shown in the _prisma_migrations table (column "logs"), repair the database by hand, then delete that row and run \`pnpm db:deploy\` again.`,
    );
  }
  const [edited] = report.editedMigrationNames;
  if (edited) {
    throw new MigrationError(
      `Migration ${edited} was changed after it was applied to this database.`,
      `Restore prisma/migrations/${edited}/migration.sql from version control; put new changes in a new migration (\`pnpm db:migrate --name <name>\`).`,
    );
  }
  const history = report.history;
  if (history && history.diagnostic !== 'databaseIsBehind') {
    const unknown = history.unpersistedMigrationNames.join(', ');
    throw new MigrationError(
      `The database has migrations that are not in prisma/migrations: ${unknown}.`,
      `Check out the code that created them, or point the app at another database (DATABASE_URL / MARGINS_DATA_DIR).`,
    );
  }
}

/** Applies every pending migration (the `prisma migrate deploy` equivalent). */
export async function migrateDeploy(db: Database, paths: MigrationPaths): Promise<{ applied: string[] }> {
  return withEngine(db, paths, async (engine) => {
    await checkHistory(engine, paths);
    const result = await engine.applyMigrations({
      migrationsList: await readMigrations(paths.migrationsDir),
      filters: NO_FILTER,
    });
    return { applied: result.appliedMigrationNames };
  });
}

/**
 * Creates a migration from the difference between the schema and the history (replayed on a
 * shadow database), writes it, and applies it. No schema change → nothing written.
 */
export async function migrateDev(
  db: Database,
  paths: MigrationPaths & { name: string },
): Promise<{ created: string | null; applied: string[] }> {
  return withEngine(db, paths, async (engine) => {
    await checkHistory(engine, paths);
    const pending = await engine.applyMigrations({
      migrationsList: await readMigrations(paths.migrationsDir),
      filters: NO_FILTER,
    });
    let migrationsList = await readMigrations(paths.migrationsDir);
    // devDiagnostic replays the history on the shadow database, which createMigration then reuses.
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (diagnostic.action.tag === 'reset') {
      throw new MigrationError(
        `The database has drifted from the migration history: ${diagnostic.action.reason}`,
        'Drop and recreate the development database (delete the data directory for PGlite), then run `pnpm db:migrate` again.',
      );
    }
    const schemaContent = await readFile(paths.schemaPath, 'utf8');
    const out = await engine.createMigration({
      draft: false,
      migrationName: paths.name,
      migrationsList,
      schema: { files: [{ path: paths.schemaPath, content: schemaContent }] },
      filters: NO_FILTER,
    });
    if (out.migrationScript === null) return { created: null, applied: pending.appliedMigrationNames };
    await writeMigration(paths.migrationsDir, out.generatedMigrationName, out.migrationScript);
    migrationsList = await readMigrations(paths.migrationsDir);
    const applied = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return {
      created: out.generatedMigrationName,
      applied: [...pending.appliedMigrationNames, ...applied.appliedMigrationNames],
    };
  });
}

/** The migrations of a `prisma/migrations` folder, by name, oldest first. */
export async function migrationNames(migrationsDir: string): Promise<string[]> {
  const list = await readMigrations(migrationsDir);
  return list.migrationDirectories.map((d) => d.path);
}

/**
 * Which of `names` the database has not finished applying: one cheap query, for readiness
 * probes. Migrations the database has beyond `names` (a newer release migrated it, expand
 * first) do not count: this code's schema is all there.
 */
export async function unappliedMigrations(db: Database, names: readonly string[]): Promise<string[]> {
  // A database nothing was ever applied to has no history table at all.
  const [table] = await db.prisma.$queryRaw<
    { present: boolean }[]
  >`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!table?.present) return [...names];
  const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((r) => r.migration_name));
  return names.filter((name) => !applied.has(name));
}
