// What an operator's machinery talks to (docs/operations.md): /healthz and /readyz, /metrics
// behind METRICS_TOKEN, the JSON request log, and readiness going false at SIGTERM before the
// server drains. Each test runs a production server of its own and reads its output.
import { request as playwrightRequest } from '@playwright/test';
import { apiStory, sameOrigin, trpcMutation, trpcQuery, wire } from './helpers/api';
import { startOwnServer, type OwnServer } from './helpers/own-server';
import { expect, test, unique } from './fixtures';

const METRICS_TOKEN = `metrics-${crypto.randomUUID()}`;

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  route?: string | null;
  method?: string;
  status?: number;
  ms?: number;
}

/** Every line of the server's output that is a JSON log line (adapter-node prints one plain line). */
function logLines(server: OwnServer): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

const requestLines = (server: OwnServer) => logLines(server).filter((l) => l.msg === 'request');

async function scrape(server: OwnServer): Promise<string> {
  const res = await fetch(`${server.origin}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series (exact labels as prom-client prints them), or null if absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

test.describe('with METRICS_TOKEN', () => {
  let server: OwnServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startOwnServer({ METRICS_TOKEN, MARGINS_SIGNUPS_PER_IP_PER_HOUR: '1000' });
  });
  test.afterAll(async () => server.dispose());

  test('/healthz and /readyz answer anyone, cheaply, outside the request log and the counts', async () => {
    const before = requestLines(server).length;
    for (let i = 0; i < 3; i++) {
      // A stale session cookie and a refused token change nothing: no session or token is looked up.
      const headers = { cookie: 'margins_session=stale.value', authorization: 'Bearer mrg_nope_nope' };
      const health = await fetch(`${server.origin}/healthz`, { headers });
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${server.origin}/readyz`, { headers });
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect(ready.headers.get('set-cookie')).toBeNull();
    }
    // One ordinary request, so the log has had every chance to write.
    expect((await fetch(`${server.origin}/login`)).status).toBe(200);
    await expect.poll(() => requestLines(server).length).toBe(before + 1);
    const metrics = await scrape(server);
    expect(metrics).not.toMatch(/healthz|readyz|route="unmatched"/);
  });

  test('/metrics: 404 without the token or with another, Prometheus text with it', async () => {
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
    const wrong = await fetch(`${server.origin}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(wrong.status).toBe(404);
    const res = await fetch(`${server.origin}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    for (const name of [
      'margins_http_requests_total',
      'margins_http_request_duration_seconds',
      'margins_page_cache_requests_total',
      'margins_db_query_duration_seconds',
      'margins_db_pool_connections',
      'margins_live_streams',
      'margins_jobs',
      'margins_jobs_oldest_due_seconds',
      'margins_mail',
    ]) {
      expect(await res.clone().text()).toContain(`# HELP ${name} `);
    }
  });

  test('sign-up, sign-in, a token, a story, a comment, live updates: counted by route id, the log holds none of their secrets or text', async () => {
    test.setTimeout(120_000);
    const origin = server.origin;
    const username = unique('ops');
    const password = `pw-${crypto.randomUUID()}`;
    const wrongPassword = `wrong-${crypto.randomUUID()}`;
    const commentBody = `comment-body-${crypto.randomUUID()}`;
    const chapterText = `chapter-text-${crypto.randomUUID()}`;

    const author = await playwrightRequest.newContext({ baseURL: origin });
    await trpcMutation(author, origin, 'auth.signUp', {
      username,
      email: `${username}@example.test`,
      password,
    });
    const refused = await author.post('/api/trpc/auth.logIn', {
      headers: sameOrigin(origin),
      data: wire({ login: username, password: wrongPassword }),
    });
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    await trpcMutation(author, origin, 'auth.logIn', { login: username, password });
    const session = (await author.storageState()).cookies.find((c) => c.name === 'margins_session')?.value;
    expect(session).toBeTruthy();
    const { token } = await trpcMutation<{ token: string }>(author, origin, 'token.create', {
      name: 'ops',
      scope: 'read',
    });
    const byToken = await fetch(`${origin}/api/trpc/story.mine`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.status).toBe(200);
    const story = await apiStory(author, origin, {
      title: unique('Ops story'),
      chapters: [{ title: 'One', text: chapterText, publish: true }],
      publishStory: true,
    });
    const chapterId = story.chapterIds[0]!;

    // A live stream, counted while open.
    const listening = new AbortController();
    const live = await fetch(`${origin}/api/live/chapters/${chapterId}`, { signal: listening.signal });
    expect(live.status).toBe(200);
    const reader = live.body!.getReader();
    await reader.read();
    expect(sample(await scrape(server), 'margins_live_streams')).toBe(1);

    const view = await trpcQuery<{ segments: { passages: { key: string }[] }[] }>(
      author,
      origin,
      'reading.chapter',
      { chapterId },
    );
    const passageKey = view.segments[0]!.passages[0]!.key;
    const commented = await author.post('/api/trpc/comment.create', {
      headers: { ...sameOrigin(origin), 'x-request-id': 'proxy-given-id-0001' },
      data: wire({ chapterId, passageKey, body: commentBody, type: 'critique' }),
    });
    expect(commented.status()).toBe(200);
    // The proxy's request id is kept; without one the app makes one.
    expect(commented.headers()['x-request-id']).toBe('proxy-given-id-0001');

    listening.abort();
    await reader.cancel().catch(() => {});
    await expect.poll(async () => sample(await scrape(server), 'margins_live_streams')).toBe(0);

    // An anonymous reader twice: rendered once, then from the page cache.
    const anonymous = await fetch(`${origin}/s/${story.slug}/1`);
    expect(anonymous.status).toBe(200);
    // Publishing queues the subscribers' announcement, whose write to the chapter starts a new
    // page-cache version once, shortly after: read again until a copy is served from the cache.
    await expect
      .poll(async () => (await fetch(`${origin}/s/${story.slug}/1`)).headers.get('x-margins-cache'), {
        timeout: 30_000,
      })
      .toBe('hit');
    const pageRequestId = anonymous.headers.get('x-request-id');
    expect(pageRequestId).toMatch(/^[0-9a-f-]{36}$/);

    const metrics = await scrape(server);
    expect(
      sample(metrics, 'margins_http_requests_total{route="/s/[slug]/[n]",method="GET",status="200"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(metrics, 'margins_http_requests_total{route="/api/trpc/[...trpc]",method="POST",status="200"}'),
    ).toBeGreaterThanOrEqual(5);
    expect(sample(metrics, 'margins_page_cache_requests_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'margins_db_query_duration_seconds_count')).toBeGreaterThan(0);
    // The server's first housekeeping run is a job like any other: done once, when the worker gets
    // to it (on a busy CI machine, after this test's first scrape).
    await expect
      .poll(
        async () => sample(await scrape(server), 'margins_jobs{task="housekeeping.prune",state="done"}'),
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    // By route, never by URL: no story's address in the metrics.
    expect(metrics).not.toContain(story.slug);

    await author.dispose();
    // One line per request, with the route id, status, duration and request id.
    await expect.poll(() => requestLines(server).some((l) => l.reqId === pageRequestId)).toBe(true);
    const line = requestLines(server).find((l) => l.reqId === pageRequestId)!;
    expect(line).toMatchObject({ method: 'GET', route: '/s/[slug]/[n]', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(requestLines(server).find((l) => l.reqId === 'proxy-given-id-0001')).toMatchObject({
      route: '/api/trpc/[...trpc]',
      status: 200,
    });

    const output = server.output();
    const secrets = {
      password,
      wrongPassword,
      session: session!,
      token,
      tokenSecret: token.split('_').at(-1)!,
      commentBody,
      chapterText,
      slug: story.slug,
    };
    for (const [what, value] of Object.entries(secrets))
      expect(output.includes(value), `${what} is in the log`).toBe(false);
  });
});

test('readiness goes false at SIGTERM while the server still serves, then it drains and exits', async () => {
  test.setTimeout(120_000);
  const server = await startOwnServer({ MARGINS_DRAIN_SECONDS: '3' });
  try {
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
    const sentAt = Date.now();
    server.child.kill('SIGTERM');
    await expect
      .poll(async () => (await fetch(`${server.origin}/readyz`)).status, { intervals: [50] })
      .toBe(503);
    // Still serving: the load balancer has time to notice before anything is refused.
    expect((await fetch(`${server.origin}/login`)).status).toBe(200);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('draining in 3 s');
    expect(server.output()).toContain('closing the database');
  } finally {
    await server.dispose();
  }
});

test('/readyz is 503 while migrations are pending; /metrics is off without METRICS_TOKEN', async () => {
  test.setTimeout(120_000);
  const server = await startOwnServer({ MARGINS_MIGRATE_ON_START: 'false', MARGINS_JOBS: 'false' });
  try {
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; pending: string[] };
    expect(body.status).toBe('migrations pending');
    expect(body.pending.length).toBeGreaterThan(0);
    expect(
      (
        await fetch(`${server.origin}/metrics`, {
          headers: { authorization: 'Bearer anything-at-all-long-enough' },
        })
      ).status,
    ).toBe(404);
  } finally {
    await server.dispose();
  }
});
