// Probes for a load balancer or an orchestrator, unauthenticated and cheap. Answered before
// anything else in hooks.server.ts: no session lookup, no request log line, no metrics.
//   /healthz  the process is alive and serving (liveness): always 200 while it can answer.
//   /readyz   this instance should get traffic: the database answers, every migration this
//             release knows is applied, and it is not draining (SIGTERM) — else 503.
import { migrationNames as readMigrationNames, unappliedMigrations } from '@margins/db/migrate';
import { repoPaths } from '@margins/db/paths';
import type { Services } from '../services';
import { isDraining } from './lifecycle';

export const PROBE_PATHS = new Set(['/healthz', '/readyz']);

const reply = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

let migrationNames: Promise<string[]> | undefined;

export async function probe(path: string, services: () => Promise<Services>): Promise<Response> {
  if (path === '/healthz') return reply(200, { status: 'ok' });
  if (isDraining()) return reply(503, { status: 'draining' });
  try {
    const { db } = await services();
    migrationNames ??= readMigrationNames(repoPaths.migrationsDir).catch((error: unknown) => {
      migrationNames = undefined;
      throw error;
    });
    const pending = await unappliedMigrations(db, await migrationNames);
    if (pending.length) return reply(503, { status: 'migrations pending', pending });
    return reply(200, { status: 'ready' });
  } catch {
    // The error itself is the log's business (the app logs lost connections); a probe says only no.
    return reply(503, { status: 'database unreachable' });
  }
}
