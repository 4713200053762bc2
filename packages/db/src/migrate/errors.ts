/** A migration problem explained for a person: what happened and what to do about it. */
export class MigrationError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}\nHow to fix: ${fix}`);
    this.name = 'MigrationError';
  }
}

/** The engine rejects with plain objects or strings; turn them into one readable sentence. */
export function explainEngineError(error: unknown): MigrationError {
  const raw =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
  const failed =
    /Migration name: (\S+)/.exec(raw)?.[1] ?? /migration `?([0-9]{14}_\w+)`? failed/i.exec(raw)?.[1];
  if (failed) {
    return new MigrationError(
      `Migration ${failed} failed: ${firstLines(raw)}`,
      `Fix prisma/migrations/${failed}/migration.sql or the data it trips over. PostgreSQL rolled the migration back where it could; run \`pnpm db:deploy\` again after the fix.`,
    );
  }
  return new MigrationError(
    `The schema engine stopped: ${firstLines(raw)}`,
    'Check that the database is reachable (DATABASE_URL) or that the data directory is not open in another process.',
  );
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 6).join('\n').trim();
}
