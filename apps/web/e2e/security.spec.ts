// Security properties of the running production build, as a browser or a script sees them:
// CSP on every main page, session cookie attributes, CSRF refusal, login throttling, and
// private stories / beta chapters answering 404 to outsiders on every route and procedure.
// Logs in as the seeded demo accounts (no sign-ups: sign-up is limited per IP, and every
// browser test comes from 127.0.0.1). Threats and tests are listed in docs/security.md.
import { request as playwrightRequest } from '@playwright/test';
import {
  apiLogIn,
  apiStory,
  DEMO_PASSWORD,
  queryUrl,
  sameOrigin,
  trpcMutation,
  trpcQueryStatus,
  wire,
} from './helpers/api';
import { expect, PASSWORD, signUp, test, unique } from './fixtures';

const DEMO_SLUG_PAGE = '/browse';

test('every main page sends a CSP with object-src none and base-uri none, nonce-only scripts', async ({
  page,
  request,
}) => {
  await page.goto(DEMO_SLUG_PAGE);
  const storyHref = await page.locator('a[href^="/s/"]').first().getAttribute('href');
  expect(storyHref).toBeTruthy();
  const paths = [
    '/',
    '/browse',
    '/login',
    '/signup',
    storyHref!,
    `${storyHref}/1`,
    '/write',
    '/account',
    '/dashboard',
    '/no-such-page',
    queryUrl('story.browse', {}),
  ];
  for (const path of paths) {
    const res = await request.get(path, { maxRedirects: 0 });
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp, `${path} (${res.status()})`).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toMatch(/frame-ancestors 'none'/);
    if (res.headers()['content-type']?.includes('text/html')) {
      // Scripts only from our origin or with this response's nonce/hash: no 'unsafe-inline'.
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    }
    expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
  }
});

test('the session cookie is HttpOnly, SameSite=Lax, Path=/, expiring, and logging out clears it', async ({
  request,
  baseURL,
}) => {
  const res = await request.post('/api/trpc/auth.logIn', {
    headers: sameOrigin(baseURL!),
    data: wire({ login: 'reader', password: DEMO_PASSWORD }),
  });
  expect(res.status()).toBe(200);
  const setCookie = res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value);
  const session = setCookie.find((c) => /^(__Host-)?margins_session=/.test(c));
  expect(session, setCookie.join('\n')).toBeTruthy();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).toMatch(/;\s*Path=\//i);
  expect(session).toMatch(/;\s*(Expires|Max-Age)=/i);
  expect(session).not.toMatch(/;\s*Domain=/i);
  const out = await request.post('/api/trpc/auth.logOut', { headers: sameOrigin(baseURL!), data: {} });
  expect(out.status()).toBe(200);
  const cleared = out
    .headersArray()
    .find((h) => h.name.toLowerCase() === 'set-cookie' && /margins_session=/.test(h.value));
  expect(cleared?.value).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
});

test('cross-site JSON mutations and cross-site form posts are refused', async ({ request }) => {
  const evil = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
  for (const path of ['story.create', 'auth.logIn', 'comment.create', 'auth.logOut']) {
    const res = await request.post(`/api/trpc/${path}`, {
      headers: { ...evil, 'content-type': 'application/json' },
      data: { title: 'x', login: 'reader', password: DEMO_PASSWORD },
    });
    expect(res.status(), path).toBe(403);
  }
  // No Fetch Metadata and a foreign Origin (older browsers): still refused.
  const noMeta = await request.post('/api/trpc/story.create', {
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    data: { title: 'x' },
  });
  expect(noMeta.status()).toBe(403);
  // Form posts from another origin: SvelteKit's origin rule, applied by the `csrf` hook (every
  // route but the one-click unsubscribe, which a mail provider posts to with no Origin).
  for (const path of ['/login', '/signup', '/logout', '/follow']) {
    const res = await request.post(path, {
      headers: { origin: 'https://evil.example' },
      form: { login: 'reader', password: DEMO_PASSWORD },
    });
    expect(res.status(), path).toBe(403);
  }
});

test('login brute force is throttled: 429 with Retry-After, and the form says "Too many attempts"', async ({
  request,
  page,
  baseURL,
}) => {
  // An unknown login is throttled exactly like a real one (nothing to enumerate) and blocks nobody else.
  const login = unique('nobody');
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let i = 0; i < 6; i++) {
    const res = await request.post('/api/trpc/auth.logIn', {
      headers: sameOrigin(baseURL!),
      data: wire({ login, password: `guess-number-${i}` }),
    });
    statuses.push(res.status());
    retryAfter = res.headers()['retry-after'];
  }
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(statuses[5]).toBe(429);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill('one-more-guess');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('Too many attempts');
});

test('a private story and a beta (draft) chapter are 404 to outsiders on every route and procedure', async ({
  baseURL,
}) => {
  const owner = await playwrightRequest.newContext({ baseURL });
  await apiLogIn(owner, baseURL!, 'demo');
  const secret = `Secret ${unique('s')}`;
  const priv = await apiStory(owner, baseURL!, {
    title: secret,
    chapters: [{ title: 'Hidden', text: 'Mark hides the key.', publish: true }],
    publishStory: false,
  });
  const beta = await apiStory(owner, baseURL!, {
    title: `Beta ${unique('b')}`,
    chapters: [
      { title: 'Out', text: 'Mark is out.', publish: true },
      { title: 'Beta round', text: 'Mark is only for beta readers.', publish: false },
    ],
    publishStory: true,
  });
  // The owner sees both.
  expect((await owner.get(`/s/${priv.slug}/1`)).status()).toBe(200);
  expect(await trpcQueryStatus(owner, 'reading.chapter', { chapterId: beta.chapterIds[1] })).toBe(200);

  const anonymous = await playwrightRequest.newContext({ baseURL });
  const outsider = await playwrightRequest.newContext({ baseURL });
  await apiLogIn(outsider, baseURL!, 'reader');
  for (const [who, ctx] of [
    ['anonymous', anonymous],
    ['logged-in outsider', outsider],
  ] as const) {
    for (const path of [
      `/s/${priv.slug}`,
      `/s/${priv.slug}/1`,
      `/s/${priv.slug}/feed.xml`,
      `/s/${priv.slug}/export.md`,
      `/s/${priv.slug}/export.epub`,
      `/s/${priv.slug}/export.epub?pov=Mark`,
      `/s/${priv.slug}/1/export.md`,
      `/s/${priv.slug}/all`,
      `/s/${priv.slug}/all?pov=Mark`,
      `/s/${priv.slug}/adult`,
      `/s/${beta.slug}/2`,
      `/s/${beta.slug}/2/export.md`,
    ]) {
      const res = await ctx.get(path, { maxRedirects: 0 });
      expect(res.status(), `${who} ${path}`).toBe(404);
      expect(await res.text(), `${who} ${path}`).not.toContain('Mark hides the key');
    }
    const procedures: [string, unknown][] = [
      ['story.bySlug', { slug: priv.slug }],
      ['reading.toc', { slug: priv.slug }],
      ['reading.chapter', { chapterId: priv.chapterIds[0] }],
      ['reading.chapter', { chapterId: beta.chapterIds[1] }],
      ['reading.chapter', { chapterId: beta.chapterIds[1], draft: true }],
      ['comment.list', { chapterId: priv.chapterIds[0] }],
      ['comment.list', { chapterId: beta.chapterIds[1] }],
      ['comment.counts', { chapterId: priv.chapterIds[0] }],
      ['review.list', { chapterId: priv.chapterIds[0] }],
      ['review.storySummary', { storyId: priv.storyId }],
      ['review.storySummary', { slug: priv.slug }],
      ['export.markdown', { slug: priv.slug }],
      ['export.chapter', { slug: priv.slug, number: 1 }],
      ['export.chapter', { slug: beta.slug, number: 2 }],
      ['export.epub', { slug: priv.slug }],
      ['export.epub', { slug: priv.slug, pov: 'Mark' }],
      ['export.feed', { slug: priv.slug }],
      ['reading.work', { slug: priv.slug }],
      ['reading.work', { slug: priv.slug, povOnly: 'Mark' }],
    ];
    for (const [path, input] of procedures) {
      expect(await trpcQueryStatus(ctx, path, input), `${who} ${path} ${JSON.stringify(input)}`).toBe(404);
    }
    // Search and browse do not list it.
    const browse = await ctx.get(queryUrl('story.search', { query: secret }));
    expect(await browse.text()).not.toContain(priv.slug);
  }
  // Mutations by an outsider on the private story are 404 too (not 403: existence is not revealed).
  const res = await outsider.post('/api/trpc/comment.create', {
    headers: sameOrigin(baseURL!),
    data: wire({ chapterId: priv.chapterIds[0], body: 'hello' }),
  });
  expect(res.status()).toBe(404);
  await trpcMutation(owner, baseURL!, 'story.delete', { storyId: priv.storyId });
  await trpcMutation(owner, baseURL!, 'story.delete', { storyId: beta.storyId });
  await Promise.all([owner.dispose(), anonymous.dispose(), outsider.dispose()]);
});

test('a hostile ?next= after login lands on our own origin, never a 500', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const username = await signUp(page);
  // Signed in, /login?next=… redirects at once: every form of the trick answers a path on our origin.
  const hostile = [
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\r\n/evil.example/',
    '/\u3000/evil.example/',
    '\u3000//evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '/.//evil.example/',
    'https://evil.example/',
    'javascript:alert(1)',
    'data:text/html,x',
  ];
  for (const next of hostile) {
    const res = await page.request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    expect(res.status(), JSON.stringify(next)).toBe(303);
    expect(new URL(res.headers()['location']!, baseURL).origin, JSON.stringify(next)).toBe(origin);
  }
  // The report's URL as written; a percent-encoded tab stays a harmless path on our site.
  const raw = await page.request.get('/login?next=%2F%09%2Fevil.example%2F', { maxRedirects: 0 });
  expect(raw.headers()['location']).toBe('/');
  const encoded = await page.request.get('/login?next=%2F%2509%2Fevil.example%2F', { maxRedirects: 0 });
  expect(encoded.headers()['location']).toBe('/%09/evil.example/');
  const fine = await page.request.get(`/login?next=${encodeURIComponent('/browse?page=2')}`, {
    maxRedirects: 0,
  });
  expect(fine.headers()['location']).toBe('/browse?page=2');

  // Logged out, through the login form as the report did it: Chromium ends up on our origin.
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto('/login?next=%2F%09%2Fevil.example%2F');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('link', { name: username })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(origin);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('nosniff on every response: pages, API, errors, refused tokens, static files and build assets; no HSTS over http', async ({
  request,
}) => {
  const html = await (await request.get('/')).text();
  // SvelteKit links its files relatively (`./_app/immutable/…`) or from the root.
  const asset = /"(?:\.\/|\/)(_app\/immutable\/[^"]+)"/.exec(html)?.[1];
  expect(asset, 'a /_app/immutable file linked from the home page').toBeTruthy();
  const responses: [string, Promise<import('@playwright/test').APIResponse>][] = [
    ['page', request.get('/browse')],
    ['404 page', request.get('/no-such-page')],
    ['API', request.get(queryUrl('story.browse', {}))],
    ['API error', request.get('/api/trpc/no.such.procedure')],
    [
      'a token on a page',
      request.get('/account', { headers: { authorization: 'Bearer mrg_nope' }, maxRedirects: 0 }),
    ],
    ['static file', request.get('/favicon.svg')],
    ['build asset', request.get(`/${asset}`)],
    ['missing build asset', request.get('/_app/immutable/no-such-file.js')],
  ];
  for (const [what, pending] of responses) {
    const res = await pending;
    expect(res.headers()['x-content-type-options'], `${what} (${res.status()})`).toBe('nosniff');
    // ORIGIN is http here: HSTS would be ignored by browsers and is not sent (scripts/security-headers.test.ts covers https).
    expect(res.headers()['strict-transport-security'], what).toBeUndefined();
  }
  expect(
    (
      await request.get('/account', { headers: { authorization: 'Bearer mrg_nope' }, maxRedirects: 0 })
    ).status(),
  ).toBe(403);
});
