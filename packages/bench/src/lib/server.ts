// Production servers of apps/web for load, throughput and fault runs. apps/web/build is shared
// with other runs on this machine, so whatever builds or serves it holds
// /tmp/margins-web-build.lock for the whole run (`holdBuildLock` re-runs this script under flock).
/* eslint-disable no-restricted-properties -- entry-point support: spawns children with an environment */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { replaceSection, saveResult } from './docs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../../../apps/web/', import.meta.url));
const LOCK = '/tmp/margins-web-build.lock';
const HELD = 'MARGINS_WEB_BUILD_LOCK_HELD';

/** Re-runs the current command under `flock` unless this process already holds the lock. */
export function holdBuildLock(): void {
  if (process.env[HELD] === '1') return;
  console.log(`waiting for ${LOCK}…`);
  const r = spawnSync('flock', [LOCK, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [HELD]: '1' },
  });
  process.exit(r.status ?? 1);
}

/** `pnpm build` of apps/web (skipped with `skip` when a build exists). Call under the lock. */
export function buildWeb(skip: boolean): void {
  if (skip && existsSync(`${WEB_DIR}build/index.js`)) {
    console.log('using the existing apps/web/build');
    return;
  }
  console.log('building apps/web…');
  const r = spawnSync('pnpm', ['build'], { cwd: WEB_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('apps/web build failed');
}

export interface WebServer {
  port: number;
  origin: string;
  child: ChildProcess;
  /** Everything the server printed (for the report when something fails). */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startWeb(options: {
  port: number;
  databaseUrl: string;
  extraEnv?: Record<string, string>;
  timeoutMs?: number;
  /** Another checkout's apps/web (an older release), started with its own `pnpm run start`. */
  webDir?: string;
}): Promise<WebServer> {
  const { port, databaseUrl } = options;
  const origin = `http://127.0.0.1:${port}`;
  // As `pnpm start` runs it: server.js (adapter-node plus headers on every response) with its defaults.
  const [command, args] = options.webDir
    ? ['pnpm', ['run', '--silent', 'start']]
    : [process.execPath, ['--import', './scripts/server-defaults.js', 'server.js']];
  const child = spawn(command, args, {
    cwd: options.webDir ?? WEB_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: origin,
      DATABASE_URL: databaseUrl,
      MARGINS_SEED_DEMO: 'false',
      MARGINS_MIGRATE_ON_START: 'false',
      NODE_ENV: 'production',
      ...options.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // `pnpm run` starts node as its child: signals go to the whole process group.
    detached: Boolean(options.webDir),
  });
  const signal = (s: NodeJS.Signals) => {
    try {
      if (options.webDir && child.pid) process.kill(-child.pid, s);
      else child.kill(s);
    } catch {
      // already gone
    }
  };
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: WebServer = {
    port,
    origin,
    child,
    output,
    async stop(sig = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal(sig);
      const timer = setTimeout(() => signal('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server on ${port} exited (${child.exitCode}):\n${output.slice(-30).join('\n')}`);
    try {
      const res = await fetch(`${origin}/login`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop('SIGKILL');
  throw new Error(`server on ${port} did not answer within the timeout:\n${output.slice(-30).join('\n')}`);
}

export interface HttpBenchOptions {
  build: boolean;
  seconds: number;
  rounds: number;
}

/**
 * The command line of an HTTP benchmark run on its own (`--no-build`, `--seconds`, `--rounds`),
 * under the build lock: runs it, keeps the result, rewrites its section of docs/benchmarks.md and
 * prints a one-line summary.
 */
export async function runHttpBenchCommand<R>(bench: {
  name: string;
  section: string;
  run: (options: HttpBenchOptions) => Promise<R>;
  render: (result: R) => string;
  summary: (result: R) => string;
}): Promise<void> {
  holdBuildLock();
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const result = await bench.run({
    build: !values['no-build'],
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
  });
  saveResult(bench.name, result);
  replaceSection(bench.section, bench.render(result));
  console.log(`${bench.name}: ${bench.summary(result)}`);
}
