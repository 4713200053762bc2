// One JSON line per event on stdout (pino), for the server entry and the app alike. Nothing that
// authenticates anyone, and no text a user wrote, is ever passed to it: request lines carry the
// route id (never the URL, whose query may hold a token), the status and the duration. The
// redaction below is the second line of defence should a future call pass a whole object.
import { createRequire } from 'node:module';
import pino from 'pino';

export const REDACTED_PATHS = [
  'password',
  'token',
  'cookie',
  'authorization',
  'body',
  '*.password',
  '*.token',
  '*.cookie',
  '*.authorization',
  '*.body',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
];

/** pino-pretty is a development dependency: used by `pnpm dev` when installed, never required. */
function prettyAvailable() {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {{ level?: string, pretty?: boolean, destination?: import('pino').DestinationStream }} [options]
 * @returns {import('pino').Logger}
 */
export function createLogger(options = {}) {
  /** @type {import('pino').LoggerOptions} */
  const config = {
    level: options.level ?? 'info',
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (options.pretty && !options.destination && prettyAvailable()) {
    return pino({ ...config, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } });
  }
  return options.destination ? pino(config, options.destination) : pino(config);
}
