// The entry point of `pnpm margins admin …` (scripts/margins.mjs sends it here; backup and restore
// go to packages/db). It reads the environment, as the other command lines do. On the embedded
// database the server must be stopped (PGlite has one writer); on PostgreSQL it may run.
import { resolve } from 'node:path';
import { databaseConfig, openDatabase } from '@margins/db';
import { repoPaths } from '@margins/db/paths';
import { runAdminCommand } from './command';

/* eslint-disable no-restricted-properties */
const env = process.env;
/* eslint-enable no-restricted-properties */
// A relative MARGINS_DATA_DIR means the directory the command was typed in (as for backups).
const here = env.INIT_CWD ?? process.cwd();
const config = databaseConfig({
  url: env.DATABASE_URL,
  dataDir: env.MARGINS_DATA_DIR ? resolve(here, env.MARGINS_DATA_DIR) : repoPaths.defaultDataDir,
});

const db = await openDatabase(config);
try {
  const { exitCode, message } = await runAdminCommand(db, process.argv.slice(2), new Date());
  (exitCode === 0 ? console.log : console.error)(message);
  process.exitCode = exitCode;
} finally {
  await db.close();
}
