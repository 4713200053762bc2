// Headers every response of the production server carries, static files included: adapter-node
// serves static/ and the build's /_app files before SvelteKit's hooks run, so hooks.server.ts
// cannot add them there (server.js installs this in front of adapter-node's handler).

/** Two years, subdomains included: once a browser has seen the https site, it never tries http. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * `nosniff` always (a file is what its Content-Type says, never a script a browser guessed);
 * HSTS only when the public origin is https (on plain http it would be ignored, and wrong).
 * @param {string | undefined} origin the app's public URL (adapter-node's ORIGIN)
 * @returns {[string, string][]}
 */
export function securityHeaders(origin) {
  /** @type {[string, string][]} */
  const headers = [['x-content-type-options', 'nosniff']];
  let secure = false;
  try {
    secure = origin !== undefined && new URL(origin).protocol === 'https:';
  } catch {
    secure = false;
  }
  if (secure) headers.push(['strict-transport-security', HSTS]);
  return headers;
}

/**
 * Sets the headers on every response before any other listener sees the request. Later
 * `setHeader`/`writeHead` calls with the same name replace them, so nothing is sent twice.
 * @param {import('node:http').Server} server
 * @param {string | undefined} origin
 */
export function addSecurityHeaders(server, origin) {
  const headers = securityHeaders(origin);
  server.prependListener('request', (_req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  });
}
