// The parse worker's entry point, in plain JavaScript because a worker thread cannot count on
// loading TypeScript: tsx's module hooks are not inherited by worker threads (tsx registers them
// on the main thread only on Node 20; this pool also starts workers with an empty execArgv),
// and under Vitest or `vite dev` there are no process-wide hooks at all. So: if this thread
// cannot import our TypeScript yet (probe.ts), register tsx here, then load the worker.
// Checked on Node 20.20, 22.23 and 24.22, under `node --import tsx` (production) and Vitest:
// the probe fails and the registration makes it work in each; `vite dev` likewise.
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
await import('./worker.ts');
