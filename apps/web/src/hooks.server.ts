import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isDatabaseUnavailable, readerPageVersion, requestTooLarge, validateApiToken } from '@margins/api';
import { blankSessionCookie, sessionCookie, sessionCookieName } from '@margins/auth';
import { hasConfirmedAdult } from '$lib/server/adult-gate';
import { declaredSize, isBodyTooLarge } from '$lib/server/body-limit';
import { compressResponse } from '$lib/server/compress';
import { env } from '$lib/server/env';
import { logger } from '$lib/server/ops/log';
import { metrics } from '$lib/server/ops/metrics';
import { observe } from '$lib/server/ops/observe';
import { replicaReads } from '$lib/server/ops/replica-reads';
import { PageCache } from '$lib/server/page-cache';
import { getServices } from '$lib/server/services';
import { HSTS } from '../scripts/security-headers.js';

export const init: ServerInit = async () => {
  await getServices();
};

const isSecure = (url: URL) => url.protocol === 'https:';

/** The personal access token of an `Authorization: Bearer …` header (CLI, scripts), or null. */
function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? (m[1] as string).trim() : '';
}

const json = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });

/** The tRPC endpoint: a token may call any procedure its scope and the procedure allow. */
const TRPC_ROUTE = '/api/trpc/[...trpc]';
/** Downloads a script may fetch with a token (GET only): exports, the feed, the dashboard's CSV files. */
const TOKEN_DOWNLOADS = new Set([
  '/s/[slug]/export.md',
  '/s/[slug]/export.epub',
  '/s/[slug]/[n]/export.md',
  '/s/[slug]/feed.xml',
  '/dashboard/[storyId]/csv/[table]',
]);

/**
 * Token requests: the token alone decides who is calling (cookies are ignored), and only on
 * /api/trpc and the downloads above (docs/collaboration.md). Pages (/account, /dashboard, …),
 * form actions and other endpoints are for a signed-in browser: a token there is refused before
 * it is even looked up, so a leaked token never renders a page as its user. Matched by route id,
 * not by path, so no spelling of a URL gets around it. The tRPC endpoint answers a refused token
 * itself, in its own error shape, and refuses mutations for a read token and account management
 * for any token (api trpc.ts), so in-process callers follow the same rules.
 */
async function withBearer(
  event: RequestEvent,
  token: string,
  resolve: Parameters<Handle>[0]['resolve'],
): Promise<Response> {
  const method = event.request.method;
  const trpc = event.route.id === TRPC_ROUTE;
  const download = TOKEN_DOWNLOADS.has(event.route.id ?? '') && (method === 'GET' || method === 'HEAD');
  if (!trpc && !download) {
    return json(
      403,
      'API tokens work with /api/trpc and downloads (exports, the feed, dashboard CSV files) only; open this page in a browser, signed in.',
    );
  }
  const { db } = await getServices();
  const valid = token ? await validateApiToken({ db, token, now: new Date() }) : null;
  if (!valid) {
    if (!trpc)
      return json(
        401,
        'Your token was refused (revoked or mistyped). Create a new one under Account → API tokens.',
      );
    event.locals.tokenRefused = true;
    return resolve(event);
  }
  event.locals.user = valid.user;
  event.locals.tokenScope = valid.scope;
  return resolve(event);
}

/** RFC 8058: a mail provider POSTs `List-Unsubscribe=One-Click` here from its servers, with no Origin. */
const ONE_CLICK_UNSUBSCRIBE = '/unsubscribe/[token]';
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** SvelteKit's own origin check (svelte.config.js hands it to us): a form post must carry our Origin. */
function isCrossSiteForm(request: Request, url: URL): boolean {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return false;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return false;
  return request.headers.get('origin') !== url.origin;
}

/**
 * Cross-site form posts are refused (SvelteKit's rule, applied here: isCrossSiteForm); JSON
 * mutations to /api/trpc get the same rule: a browser request must say it is same-origin (Fetch Metadata) or carry our Origin.
 */
const csrf: Handle = async ({ event, resolve }) => {
  const { request, url } = event;
  if (isCrossSiteForm(request, url) && event.route.id !== ONE_CLICK_UNSUBSCRIBE) {
    return new Response(`Cross-site ${request.method} form submissions are forbidden`, {
      status: 403,
      headers: { 'content-type': 'text/plain' },
    });
  }
  // A bearer-token request is authenticated by its header alone: `session` ignores cookies for
  // it, so a cross-site page cannot make it act as anyone, and the CSRF rule does not apply.
  if (bearerToken(request) !== null) return resolve(event);
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
  const { auth } = await getServices();
  const token = event.cookies.get(sessionCookieName(secure));
  event.locals.user = null;
  event.locals.sessionId = null;
  event.locals.tokenScope = null;
  event.locals.tokenRefused = false;
  const bearer = bearerToken(event.request);
  if (bearer !== null) return withBearer(event, bearer, resolve);
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

const pages = new PageCache(env.MARGINS_PAGE_CACHE_MB * 1024 * 1024);
const CHAPTER_PAGE = /^\/s\/([^/]+)\/[1-9][0-9]{0,5}$/;

/**
 * Anonymous chapter pages come from memory while the story's content version is unchanged
 * (lib/server/page-cache.ts). Anyone with a session cookie or a token gets a fresh render: their
 * page shows who they are.
 */
const pageCache: Handle = async ({ event, resolve }) => {
  const match = CHAPTER_PAGE.exec(event.url.pathname);
  // A client-side navigation's `__data.json` has the page's pathname in event.url (SvelteKit strips
  // the suffix): only the HTML page is cached, or the copy would answer the data request.
  if (!match || event.isDataRequest || event.request.method !== 'GET' || pages.budgetBytes <= 0)
    return resolve(event);
  const { db } = await getServices();
  const anonymous =
    event.locals.user === null &&
    !event.cookies.get(sessionCookieName(isSecure(event.url))) &&
    bearerToken(event.request) === null;
  if (!anonymous) return resolve(event);
  let slug: string;
  try {
    slug = decodeURIComponent(match[1] as string);
  } catch {
    return resolve(event);
  }
  const version = await readerPageVersion({ db, slug, now: new Date() });
  if (version === null) return resolve(event);
  // The whole URL (the page echoes its query in links), the theme written into it (`theme` below),
  // and whether the reader has confirmed adult content (a Mature story's text, or a redirect to ask).
  const key = `${event.url.pathname}${event.url.search}\n${themeOf(event)}\n${hasConfirmedAdult(event) ? 'adult' : ''}`;
  const cached = pages.get(key, version);
  metrics(getServices).pageCache.inc({ result: cached ? 'hit' : 'miss' });
  return cached ?? pages.put(key, version, await resolve(event));
};

/** The reader's theme choice lives in a cookie so the first paint is right, even without JS. */
function themeOf(event: RequestEvent): 'dark' | 'light' | 'auto' {
  const chosen = event.cookies.get('theme');
  return chosen === 'dark' || chosen === 'light' ? chosen : 'auto';
}

const theme: Handle = async ({ event, resolve }) => {
  const value = themeOf(event);
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%margins.theme%', value) });
};

// Static files never reach this hook (adapter-node serves them first): server.js sets nosniff and
// HSTS on every response of the production server, these included. Set here too for `vite dev` and
// `vite preview`, and because a Response built by the app must not depend on the entry point.
const headers: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  if (isSecure(event.url)) response.headers.set('strict-transport-security', HSTS);
  response.headers.set('referrer-policy', 'same-origin');
  // API responses are not pages, so SvelteKit adds no CSP to them; they still get a strict one.
  if (!response.headers.has('content-security-policy')) {
    response.headers.set(
      'content-security-policy',
      "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  }
  return response;
};

/** Pages and data compressed for clients that accept it (lib/server/compress.ts); cached pages too. */
const compress: Handle = async ({ event, resolve }) => compressResponse(event.request, await resolve(event));

/**
 * When PostgreSQL is down or restarting, answer 503 with Retry-After instead of a 500: the
 * request was fine, and the app reconnects by itself once the database is back.
 */
const unavailable: Handle = async ({ event, resolve }) => {
  try {
    return await resolve(event);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return new Response('The database is not reachable right now; try again in a few seconds.', {
      status: 503,
      headers: { 'retry-after': '5', 'content-type': 'text/plain; charset=utf-8' },
    });
  }
};

/**
 * Unexpected errors, logged as SvelteKit's default handler logs them. A form post over the body
 * limit (adapter-node refuses it while the action reads the form) gets our message instead of
 * "Payload Too Large": the upload limit and what to do.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (isBodyTooLarge(error)) {
    return { message: requestTooLarge(declaredSize(event)).message };
  }
  // 404s are in the request log line already; the URL is never logged (it may hold a token).
  if (status !== 404)
    logger.error({ reqId: event.locals.requestId, route: event.route.id, err: error }, 'unexpected error');
  return { message, requestId: event.locals.requestId };
};

// `observe` first (probes, /metrics, request ids, the request log and counts: lib/server/ops), then
// `compress` and `headers`, so responses that an inner hook answers by itself (a refused token, a
// CSRF refusal, a 503) get them too.
export const handle = sequence(
  observe,
  compress,
  headers,
  unavailable,
  csrf,
  replicaReads,
  session,
  pageCache,
  theme,
);
