#!/usr/bin/env node
// The `margins` command. tsx runs the TypeScript source directly, as the server does.
// The entry point is the one place that reads the process's environment and streams.
/* global process */
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2), {
  // eslint-disable-next-line no-restricted-properties -- the entry point hands the environment to run()
  env: process.env,
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s + '\n'),
  stderr: (s) => process.stderr.write(s + '\n'),
});
