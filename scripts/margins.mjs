// `pnpm margins <command> …`: the server's command line. `admin` (site admins, docs/admin.md) is
// packages/api's; `backup` and `restore` (the embedded database, docs/operations.md) are
// packages/db's, which must not depend on the API. Each runs compiled, in its own process.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const entry =
  command === 'admin'
    ? { file: join(root, 'packages/api/dist/admin-cli.js'), args: rest }
    : { file: join(root, 'packages/db/dist/margins-cli.js'), args: process.argv.slice(2) };
const run = spawnSync(process.execPath, [entry.file, ...entry.args], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
