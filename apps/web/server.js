// The production entry (`pnpm start`, the browser tests, the benchmarks): adapter-node's own
// server (build/index.js: PORT, HOST, graceful shutdown, …) with the security headers of
// scripts/security-headers.js on EVERY response, static files included, which never reach
// hooks.server.ts. Importing build/index.js starts listening; no request can be handled before
// the next line runs (connections are accepted on a later turn of the event loop).
/* eslint-disable no-restricted-properties -- an entry point: it reads the configuration adapter-node reads */
import { server } from './build/index.js';
import { addSecurityHeaders } from './scripts/security-headers.js';

if (!server.server) throw new Error('adapter-node did not create its HTTP server');
addSecurityHeaders(server.server, process.env.ORIGIN);
