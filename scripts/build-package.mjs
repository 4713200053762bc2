#!/usr/bin/env node
// `pnpm build` of every workspace package: compiles src/ to plain ES modules in dist/ with esbuild,
// so production (`pnpm start`, the CLIs) runs JavaScript and tsx stays a development tool.
//
// What is compiled comes from the package's own package.json, so there is one list:
//   - every "exports" entry whose "development" condition names a source file is built to the
//     file its "default" condition names (`./src/index.ts` → `./dist/index.js`);
//   - "buildEntries" adds entry points that are not imports (command lines, the parse worker):
//     `{ "cli": "./src/cli.ts" }` → `dist/cli.js`.
// Every output lands directly in dist/, one level below the package like src/, so paths taken
// from `import.meta.url` (packages/db/src/paths.ts) are the same from source and from build.
// Entries share code through chunks (splitting), so a module — the Prisma client above all — is
// loaded once however many entries import it. Every bare import stays external: dependencies,
// the Prisma runtime and its Wasm engines, and the other workspace packages (loaded from their
// own dist/) are resolved by Node from node_modules at run time, one copy each.
//
// Why esbuild, not tsc or tsdown: the sources import each other without file extensions
// (moduleResolution "Bundler"), which tsc emits unchanged and Node's ESM loader refuses; tsdown
// 0.22 and newer need Node 22. esbuild (already what tsx runs on) resolves them, on Node 20.
// Types are not emitted: the "types" condition points TypeScript at the sources.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? process.cwd());
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** @type {Record<string, string>} output name in dist/ → source file */
const entryPoints = {};
for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
  if (typeof target !== 'object' || !target.development || !target.default) continue;
  const out = /^\.\/dist\/(.+)\.js$/.exec(target.default);
  if (!out)
    throw new Error(
      `${pkg.name} exports "${subpath}": "default" must be ./dist/<name>.js, not ${target.default}`,
    );
  entryPoints[out[1]] = join(dir, target.development);
}
for (const [name, source] of Object.entries(pkg.buildEntries ?? {})) entryPoints[name] = join(dir, source);
if (Object.keys(entryPoints).length === 0)
  throw new Error(
    `${pkg.name}: nothing to build (no "exports" with "development" and "default", no "buildEntries")`,
  );

rmSync(join(dir, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: dir,
  entryPoints,
  outdir: join(dir, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
