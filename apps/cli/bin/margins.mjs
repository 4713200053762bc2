#!/usr/bin/env node
// The `margins` command: the compiled CLI (dist/, `pnpm build`), plain JavaScript on Node.
// The entry point is the one place that reads the process's environment and streams.
/* global process */
let main;
try {
  main = await import('../dist/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/main.js')) throw error;
  process.stderr.write('margins: the command is not built yet; run `pnpm build` in the repository first.\n');
  process.exit(1);
}
process.exitCode = await main.run(process.argv.slice(2), {
  // eslint-disable-next-line no-restricted-properties -- the entry point hands the environment to run()
  env: process.env,
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s + '\n'),
  stderr: (s) => process.stderr.write(s + '\n'),
});
