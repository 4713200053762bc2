// PGlite is PostgreSQL in this process: two processes opening one data directory would each
// write it as if alone and corrupt it. The opener leaves its pid in the directory; another
// process that finds a live pid there refuses (a server, `pnpm margins backup`, `pnpm db:deploy`).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK = 'margins.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is open in process ${pid} (a running server?). Stop that process first.`,
    );
  }
}

/** Takes the directory for this process; a lock left by a process that died is taken over. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, LOCK);
  const held = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(held) && held > 0 && held !== process.pid && alive(held))
    throw new DataDirInUseError(dataDir, held);
  await writeFile(file, String(process.pid));
  return async () => {
    await rm(file, { force: true });
  };
}

/** Files in a data directory that are ours, not PostgreSQL's: left out of backups. */
export const LOCK_FILE = LOCK;
