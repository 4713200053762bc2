// Prometheus metrics (prom-client), served at /metrics only with METRICS_TOKEN (hooks.server.ts).
// Requests are labelled by route id (`/s/[slug]/[n]`), never by URL: one series per route, and no
// user's story name or query string in the metrics. Figures the database holds (jobs, mail) are
// read at scrape time, so they are the same whichever instance is scraped; the rest is this
// instance's.
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import { queueStats } from '@margins/api';
import type { Services } from '../services';

function create(services: () => Promise<Services>) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'margins_' });
  const requests = new client.Counter({
    name: 'margins_http_requests_total',
    help: 'Requests answered by the app, by route id, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'margins_http_request_duration_seconds',
    help: 'Time until the response headers, by route id and method (a live stream counts until it opens).',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pageCache = new client.Counter({
    name: 'margins_page_cache_requests_total',
    help: 'Anonymous chapter pages asked of the page cache: result="hit" came from memory, "miss" was rendered. Hit ratio: rate(hit) / rate(all).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const queries = new client.Histogram({
    name: 'margins_db_query_duration_seconds',
    help: 'Time of each SQL statement Prisma sent (transactions included).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  const reads = new client.Counter({
    name: 'margins_db_replica_reads_total',
    help: 'Reads allowed on a replica (DATABASE_REPLICA_URLS), by who answered: target="replica" or "primary".',
    labelNames: ['target'] as const,
    registers: [registry],
  });
  const replicaFallbacks = new client.Counter({
    name: 'margins_db_replica_fallbacks_total',
    help: 'Reads moved to the primary because a replica failed (reason="error") or lagged (reason="lag").',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const liveStreams = new client.Gauge({
    name: 'margins_live_streams',
    help: 'Live-update (server-sent events) streams open on this instance.',
    registers: [registry],
  });
  new client.Gauge({
    name: 'margins_db_pool_connections',
    help: "Prisma's PostgreSQL pool on this instance: state=total|idle|waiting (waiting: queries queued for a connection). Absent on PGlite.",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { db } = await services();
      const stats = db.poolStats();
      this.reset();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  // One query for the jobs and mail gauges of a scrape, whichever collects first.
  let shared: { at: number; value: ReturnType<typeof queueStats> } | null = null;
  const queue = async () => {
    if (!shared || Date.now() - shared.at > 1000) {
      const { db } = await services();
      shared = { at: Date.now(), value: queueStats({ db, now: new Date() }) };
    }
    return shared.value;
  };
  new client.Gauge({
    name: 'margins_jobs',
    help: 'Background jobs in the database by task and state (queued: the queue depth; failed: out of attempts).',
    labelNames: ['task', 'state'] as const,
    registers: [registry],
    async collect() {
      const stats = await queue();
      this.reset();
      for (const row of stats.jobs) this.set({ task: row.task, state: row.state }, row.count);
    },
  });
  new client.Gauge({
    name: 'margins_jobs_oldest_due_seconds',
    help: 'How long the oldest due job has waited; growing means the workers are not keeping up.',
    registers: [registry],
    async collect() {
      this.set((await queue()).oldestDueSeconds);
    },
  });
  new client.Gauge({
    name: 'margins_mail',
    help: 'Mail in the database by state: queued, sent, failed, kept (no SMTP_URL: the outbox).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const stats = await queue();
      this.reset();
      for (const row of stats.mail) this.set({ state: row.state }, row.count);
    },
  });
  return { registry, requests, duration, pageCache, queries, reads, replicaFallbacks, liveStreams };
}

export type Metrics = ReturnType<typeof create>;

const KEY = Symbol.for('margins.metrics');

/** One registry per process (`vite dev` reloads modules; a second registry would double-register). */
export function metrics(services: () => Promise<Services>): Metrics {
  const holder = globalThis as Record<symbol, Metrics | undefined>;
  return (holder[KEY] ??= create(services));
}

/** A stream that keeps the live-streams gauge: up when returned, down once it ends or is cancelled. */
export function counted(
  stream: ReadableStream<Uint8Array>,
  gauge: Metrics['liveStreams'],
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let open = true;
  const close = () => {
    if (open) gauge.dec();
    open = false;
  };
  gauge.inc();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          close();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        close();
        controller.error(error);
      }
    },
    cancel(reason) {
      close();
      return reader.cancel(reason);
    },
  });
}

/** Whether a request may read /metrics: a token is configured and presented exactly. */
export function metricsAllowed(token: string | undefined, authorization: string | null): boolean {
  if (!token || !authorization) return false;
  const presented = /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim() ?? '';
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
