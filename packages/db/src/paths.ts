import { fileURLToPath } from 'node:url';

/** The one schema and migration history the whole workspace shares. */
export const repoPaths = {
  schemaPath: fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url)),
  migrationsDir: fileURLToPath(new URL('../../../prisma/migrations', import.meta.url)),
  /** The current body of every SQL function and its triggers, one file each (docs/architecture.md). */
  sqlDir: fileURLToPath(new URL('../sql', import.meta.url)),
  defaultDataDir: fileURLToPath(new URL('../../../.data/pglite', import.meta.url)),
};
