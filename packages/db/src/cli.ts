// `pnpm db:migrate --name <name>` and `pnpm db:deploy`. An entry point, so it reads the environment.
import { parseArgs } from 'node:util';
import { databaseConfig, openDatabase } from './connection';
import { MigrationError, migrateDeploy, migrateDev } from './migrate/index';
import { repoPaths } from './paths';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' } },
});
const command = positionals[0];
/* eslint-disable no-restricted-properties */
const config = databaseConfig({
  url: process.env.DATABASE_URL,
  dataDir: process.env.MARGINS_DATA_DIR ?? repoPaths.defaultDataDir,
});
/* eslint-enable no-restricted-properties */

const where = config.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
const db = await openDatabase(config);
try {
  if (command === 'deploy') {
    const { applied } = await migrateDeploy(db, repoPaths);
    console.log(
      applied.length ? `Applied ${applied.join(', ')} on ${where}.` : `No pending migrations on ${where}.`,
    );
  } else if (command === 'migrate') {
    const name = values.name ?? 'migration';
    if (!/^[a-z0-9_]+$/i.test(name))
      throw new MigrationError(
        `"${name}" is not a usable migration name.`,
        'Use letters, digits and underscores, e.g. --name add_tags.',
      );
    const { created, applied } = await migrateDev(db, { ...repoPaths, name });
    if (created) console.log(`Created prisma/migrations/${created}/migration.sql.`);
    else console.log('The schema matches the migration history; no migration created.');
    if (applied.length) console.log(`Applied ${applied.join(', ')} on ${where}.`);
  } else {
    console.error('Usage: db:migrate --name <name> | db:deploy');
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await db.close();
}
// The Wasm schema engine leaves a timer behind for about ten seconds; nothing is pending.
process.exit();
