// `pnpm margins backup` / `restore` for the embedded database (docs/operations.md, "Backups").
// PGlite is one process's database: the copy is made by opening the directory here, so the
// server must be stopped first (the lock says so if it is not). The copy is PGlite's own
// `dumpDataDir`: a gzip'd tar of a cleanly closed data directory, which `loadDataDir` restores.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';

export class BackupError extends Error {}

export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number }> {
  const version = await stat(join(dataDir, 'PG_VERSION')).catch(() => null);
  if (!version) throw new BackupError(`There is no embedded database in ${dataDir} (set MARGINS_DATA_DIR).`);
  const unlock = await lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir);
    let archive: Blob;
    try {
      archive = await db.dumpDataDir('gzip');
    } finally {
      await db.close();
    }
    const bytes = Buffer.from(await archive.arrayBuffer());
    // Written aside and renamed: a backup file that exists is a whole one.
    const partial = `${file}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return { bytes: bytes.length };
  } finally {
    await unlock();
  }
}

/** Restores into a directory that does not exist or is empty: never over a live database. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  const archive = await readFile(file).catch(() => {
    throw new BackupError(`Cannot read the backup ${file}.`);
  });
  await mkdir(dataDir, { recursive: true });
  if ((await readdir(dataDir)).length > 0) {
    throw new BackupError(
      `${dataDir} is not empty. Restore into a new directory and point MARGINS_DATA_DIR at it, or move the old one away first.`,
    );
  }
  const unlock = await lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir, { loadDataDir: new Blob([archive]) });
    try {
      await db.query('SELECT 1');
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    } finally {
      await db.close();
    }
  } finally {
    await unlock();
  }
}
