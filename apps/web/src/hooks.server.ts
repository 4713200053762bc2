import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getServices } from '$lib/server/services';

export const init: ServerInit = async () => {
  await getServices();
};

const isSecure = (url: URL) => url.protocol === 'https:';

/**
 * SvelteKit refuses cross-site form posts by itself; JSON mutations to /api/trpc get the same
 * rule here: a browser request must say it is same-origin (Fetch Metadata) or carry our Origin.
 */
const csrf: Handle = async ({ event, resolve }) => {
  const { request, url } = event;
  if (url.pathname.startsWith('/api/') && request.method !== 'GET' && request.method !== 'HEAD') {
    const site = request.headers.get('sec-fetch-site');
    const origin = request.headers.get('origin');
    const sameOrigin = site === 'same-origin' || (site === null && origin === url.origin);
    if (!sameOrigin) {
      return new Response(JSON.stringify({ error: 'Cross-site request refused (CSRF protection).' }), {
        status: 403,
        headers: { 'content-type': 'application/json' },
      });
    }
  }
  return resolve(event);
};

/** Validates the session cookie once per request; pages and procedures check access themselves. */
const session: Handle = async ({ event, resolve }) => {
  const secure = isSecure(event.url);
  const { auth, packages } = await getServices();
  const { blankSessionCookie, sessionCookie, sessionCookieName } = packages.auth;
  const token = event.cookies.get(sessionCookieName(secure));
  event.locals.user = null;
  event.locals.sessionId = null;
  if (token) {
    const result = await auth.validateSessionToken(token);
    if (result.session) {
      event.locals.user = result.user;
      event.locals.sessionId = result.session.id;
      // Sliding expiry: re-send the cookie with the (possibly extended) expiry.
      const c = sessionCookie(token, result.session.expiresAt, { secure });
      event.cookies.set(c.name, c.value, c.attributes);
    } else {
      const c = blankSessionCookie({ secure });
      event.cookies.set(c.name, c.value, c.attributes);
    }
  }
  return resolve(event);
};

/** The reader's theme choice lives in a cookie so the first paint is right, even without JS. */
const theme: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get('theme');
  const value = chosen === 'dark' || chosen === 'light' ? chosen : 'auto';
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%margins.theme%', value) });
};

const headers: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  // API responses are not pages, so SvelteKit adds no CSP to them; they still get a strict one.
  if (!response.headers.has('content-security-policy')) {
    response.headers.set('content-security-policy', "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  }
  return response;
};

export const handle = sequence(csrf, session, theme, headers);
