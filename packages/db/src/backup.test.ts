import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupPglite, restorePglite } from './backup';
import { openDatabase } from './connection';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';

// The embedded database's backup and restore (PGlite only: PostgreSQL has pg_dump).
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'margins-backup-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('PGlite backup and restore', () => {
  it('a backup restored into a new directory has the same rows', async () => {
    const source = join(work, 'source');
    const db = await PGlite.create(source);
    await db.exec(
      `CREATE TABLE t (id int primary key, body text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 500) g;`,
    );
    await db.close();
    const file = join(work, 'one.tar.gz');
    const { bytes } = await backupPglite(source, file);
    expect(bytes).toBeGreaterThan(0);
    const target = join(work, 'target');
    await restorePglite(file, target);
    const restored = await PGlite.create(target);
    try {
      const { rows } = await restored.query<{ n: number; last: string }>(
        `SELECT count(*)::int AS n, max(body) AS last FROM t`,
      );
      expect(rows[0]).toEqual({ n: 500, last: 'row 99' });
    } finally {
      await restored.close();
    }
  });

  it('refuses a directory another live process has open, and restoring over anything', async () => {
    const dir = join(work, 'busy');
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.close();
    // A live process other than this one (the parent of the test runner) holds the lock.
    await writeFile(join(dir, 'margins.pid'), String(process.ppid));
    await expect(backupPglite(dir, join(work, 'busy.tar.gz'))).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    // A dead process's lock is taken over.
    await writeFile(join(dir, 'margins.pid'), '2147483646');
    const release = await lockDataDir(dir);
    await release();
    await expect(restorePglite(join(work, 'one.tar.gz'), dir)).rejects.toBeInstanceOf(BackupError);
  });
});
