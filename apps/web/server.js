// The production entry (`pnpm start`, the browser tests, the benchmarks): adapter-node's own
// server (build/index.js: PORT, HOST, graceful shutdown, …) with the security headers of
// scripts/security-headers.js on EVERY response, static files included, which never reach
// hooks.server.ts. Importing build/index.js starts listening; no request can be handled before
// the next line runs (connections are accepted on a later turn of the event loop).
/* eslint-disable no-restricted-properties -- an entry point: it reads the configuration adapter-node reads */
import { server } from './build/index.js';
import { drainOnSignals } from './scripts/drain.js';
import { createLogger } from './scripts/logger.js';
import { addSecurityHeaders } from './scripts/security-headers.js';

if (!server.server) throw new Error('adapter-node did not create its HTTP server');
addSecurityHeaders(server.server, process.env.ORIGIN);

// SIGTERM: /readyz answers 503 at once; adapter-node's shutdown starts MARGINS_DRAIN_SECONDS later
// (default 0), the time a load balancer needs to notice (docs/operations.md).
const drainSeconds = Number(process.env.MARGINS_DRAIN_SECONDS || '0');
if (!Number.isFinite(drainSeconds) || drainSeconds < 0)
  throw new Error('MARGINS_DRAIN_SECONDS must be a number of seconds, 0 or more');
const log = createLogger({ level: process.env.LOG_LEVEL || 'info' });
drainOnSignals({ delaySeconds: drainSeconds, log: (message) => log.info(message) });
