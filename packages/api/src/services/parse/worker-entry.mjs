// The parse worker's entry point when the pool runs from TypeScript source (the dev server,
// tests); the compiled package starts dist/parse-worker.js instead (pool.ts) and never loads
// this file or tsx. In plain JavaScript because a worker thread cannot count on loading
// TypeScript: tsx's module hooks are not inherited by worker threads (tsx registers them on the
// main thread only on Node 20; this pool also starts workers with an empty execArgv), and under
// Vitest or `vite dev` there are no process-wide hooks at all. So: if this thread cannot import
// our TypeScript yet (probe.ts), register tsx here, then load the worker.
// Checked on Node 20.20, 22.23 and 24.22, under Vitest and `vite dev`: the probe fails and the
// registration makes it work in each.
import { register as registerHooks } from 'node:module';

let typescript = false;
try {
  ({ typescript } = await import('./probe.ts'));
} catch {
  typescript = false;
}
if (!typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
// From source, the other workspace packages are loaded from source too (their "development"
// export condition, as Vite and Vitest resolve them), not from a dist/ that may be stale.
registerHooks(
  'data:text/javascript,' +
    encodeURIComponent(
      'export function resolve(specifier, context, next) { return next(specifier, { ...context, conditions: [...new Set([...context.conditions, "development"])] }); }',
    ),
);
await import('./worker.ts');
