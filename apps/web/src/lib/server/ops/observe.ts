// The outermost hook: probes and /metrics are answered here, before a session is looked up and
// outside the counts and the log; every other request gets a request id (the proxy's
// `x-request-id` when it sent a sane one, else a new one), returned in `x-request-id`, and one
// log line and one count when it is answered.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { env } from '../env';
import { getServices } from '../services';
import { PROBE_PATHS, probe } from './health';
import { logger } from './log';
import { metrics, metricsAllowed } from './metrics';

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function requestId(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && SANE_ID.test(given) ? given : crypto.randomUUID();
}

async function serveMetrics(event: RequestEvent): Promise<Response> {
  // Off unless configured, and then only for the token: 404 either way, so a scanner learns nothing.
  if (!metricsAllowed(env.METRICS_TOKEN, event.request.headers.get('authorization'))) {
    return new Response('Not found', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const { registry } = metrics(getServices);
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}

export const observe: Handle = async ({ event, resolve }) => {
  const path = event.url.pathname;
  if (PROBE_PATHS.has(path)) return probe(path, getServices);
  if (path === '/metrics') return serveMetrics(event);
  const id = requestId(event.request);
  event.locals.requestId = id;
  const started = performance.now();
  const method = event.request.method;
  let status = 500;
  try {
    const response = await resolve(event);
    status = response.status;
    response.headers.set('x-request-id', id);
    return response;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    // The route id, not the URL: no story names, tokens or queries; unmatched paths are one series.
    const route = event.route.id ?? 'unmatched';
    const m = metrics(getServices);
    m.requests.inc({ route, method, status: String(status) });
    m.duration.observe({ route, method }, seconds);
    logger.info({ reqId: id, method, route, status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
  }
};
