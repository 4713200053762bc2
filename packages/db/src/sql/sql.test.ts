// The files in packages/db/sql/ are the SQL functions and triggers of the schema: the migrated
// database (PGlite, and PostgreSQL in CI) must print exactly what they say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../connection';
import { repoPaths } from '../paths';
import { openTestDatabase } from '../testing';
import { compareDefinitions, databaseDefinitions, fileDefinitions, statementsOf } from './definitions';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('packages/db/sql', () => {
  it('has one file per SQL function of the migrated database, each equal to what the database prints', async () => {
    const database = await databaseDefinitions(db);
    const files = await fileDefinitions(repoPaths.sqlDir);
    expect(database.size).toBeGreaterThan(20);
    expect(compareDefinitions(database, files)).toEqual({
      missingFiles: [],
      missingFunctions: [],
      different: [],
    });
  });

  it('every file says what its function is for, and lists the triggers that run it', async () => {
    const files = await fileDefinitions(repoPaths.sqlDir);
    const { readFile } = await import('node:fs/promises');
    for (const f of files.values()) {
      const text = await readFile(f.file, 'utf8');
      expect(text.startsWith('-- '), `${f.name}.sql opens with its purpose`).toBe(true);
      expect(statementsOf(text)).toMatch(new RegExp(`^CREATE OR REPLACE FUNCTION public\\.${f.name}\\(`));
    }
    const triggers = [...files.values()].flatMap((f) => f.sql.match(/^CREATE TRIGGER /gm) ?? []);
    expect(triggers.length).toBeGreaterThan(15);
  });

  it('notices a function whose body differs from its file', async () => {
    const database = await databaseDefinitions(db);
    const files = await fileDefinitions(repoPaths.sqlDir);
    const name = 'content_version_bump';
    files.set(name, {
      ...files.get(name)!,
      sql: files.get(name)!.sql.replace('"version" + 1', '"version" + 2'),
    });
    expect(compareDefinitions(database, files).different).toEqual([name]);
  });
});
