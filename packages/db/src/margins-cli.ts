// `pnpm margins backup <file>` and `pnpm margins restore <file>`: the embedded database's backup
// (docs/operations.md). An entry point, so it reads the environment. With DATABASE_URL set it
// refuses: PostgreSQL has pg_dump and continuous archiving for that.
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, backupPglite, restorePglite } from './backup';
import { DataDirInUseError } from './data-dir-lock';
import { repoPaths } from './paths';

/* eslint-disable no-restricted-properties */
const env = process.env;
/* eslint-enable no-restricted-properties */
const { positionals } = parseArgs({ allowPositionals: true });
const [command, target] = positionals;
// pnpm runs this in packages/db; a relative path means the directory the command was typed in.
const here = env.INIT_CWD ?? process.cwd();
const file = target ? (isAbsolute(target) ? target : resolve(here, target)) : undefined;
const dataDir = env.MARGINS_DATA_DIR ? resolve(here, env.MARGINS_DATA_DIR) : repoPaths.defaultDataDir;

try {
  if ((command !== 'backup' && command !== 'restore') || !file) {
    console.error(
      'Usage: pnpm margins backup <file.tar.gz> | pnpm margins restore <file.tar.gz>   (the embedded database in MARGINS_DATA_DIR) | pnpm margins admin grant|revoke <username> | pnpm margins admin list',
    );
    process.exitCode = 2;
  } else if (env.DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: back PostgreSQL up with pg_dump or continuous archiving (docs/operations.md, "Backups").',
    );
    process.exitCode = 2;
  } else if (command === 'backup') {
    const { bytes } = await backupPglite(dataDir, file);
    console.log(`Backed up ${dataDir} to ${file} (${Math.ceil(bytes / 1024)} KB).`);
  } else {
    await restorePglite(file, dataDir);
    console.log(`Restored ${file} into ${dataDir}. Start the server with MARGINS_DATA_DIR=${dataDir}.`);
  }
} catch (error) {
  if (!(error instanceof BackupError || error instanceof DataDirInUseError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
