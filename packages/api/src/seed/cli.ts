// `pnpm db:seed`: the demo author, reader and story on the configured database. An entry point,
// so it reads the environment, exactly as packages/db's CLI does.
import { createAuth } from '@margins/auth';
import { databaseConfig, openDatabase, Prisma } from '@margins/db';
import { repoPaths } from '@margins/db/paths';
import { DEMO_PASSWORD, seedDemo } from './demo';

/* eslint-disable no-restricted-properties */
const config = databaseConfig({
  url: process.env.DATABASE_URL,
  dataDir: process.env.MARGINS_DATA_DIR ?? repoPaths.defaultDataDir,
});
/* eslint-enable no-restricted-properties */

const where = config.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
const db = await openDatabase(config);
try {
  const { created } = await seedDemo(db, { auth: createAuth(db) });
  console.log(
    created
      ? `Seeded the demo on ${where}: log in as "demo" (author) or "reader", password ${DEMO_PASSWORD}.`
      : `The demo is already on ${where}; nothing to do.`,
  );
} catch (error) {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2021')) throw error;
  console.error(`The database on ${where} has no tables yet; run \`pnpm db:deploy\` first.`);
  process.exitCode = 1;
} finally {
  await db.close();
}
