// Preloaded (NODE_OPTIONS=--import=…) into the server that built-server.spec.ts starts exactly as
// `pnpm start` does: from then on, resolving tsx or loading any TypeScript file (.ts, .mts, .cts)
// fails, in the server's thread and in every worker thread it starts (the parse pool), so the
// server starts, serves and parses uploads only if production runs compiled JavaScript alone.
// Module hooks are per thread on Node 20, and the pool starts its workers with an empty
// execArgv, so each Worker is given this file as its own `--import`.
import { createRequire, register, syncBuiltinESMExports } from 'node:module';

const hooks = `
const TYPESCRIPT = /\\.[mc]?ts$/;
export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error('compiled-only: refused to resolve ' + specifier + ' (from ' + context.parentURL + ')');
  const resolved = await next(specifier, context);
  if (TYPESCRIPT.test(new URL(resolved.url).pathname)) throw new Error('compiled-only: refused to load TypeScript ' + resolved.url + ' (from ' + context.parentURL + ')');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const threads = createRequire(import.meta.url)('node:worker_threads');
const self = import.meta.url;
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  /** @param {string | URL} file @param {import('node:worker_threads').WorkerOptions} [options] */
  constructor(file, options = {}) {
    super(file, { ...options, execArgv: [...(options.execArgv ?? []), '--import', self] });
  }
};
// `import { Worker } from 'node:worker_threads'` in the compiled packages sees the subclass.
syncBuiltinESMExports();
