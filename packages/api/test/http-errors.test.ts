// Error mapping as an HTTP client sees it: status codes and the data the UI relies on.
import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/auth';
import { appRouter } from '../src/root';
import { MAX_UPLOAD_BYTES } from '../src/services/chapter/upload';
import { PASSWORD, harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'private');
});
afterAll(async () => {
  await db?.close();
});

interface ErrorBody {
  error: { message: string; code: number; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null; problems: { line: number; message: string; fix: string }[] | null; retryAfterSeconds: number | null; limitBytes: number | null } };
}

async function call(path: string, input: unknown, options: { user?: SessionUser | null; type?: 'query' | 'mutation'; clientAddress?: string; auth?: ReturnType<typeof createAuth> } = {}) {
  const { user = null, type = 'mutation' } = options;
  const url = new URL(`http://margins.test/trpc/${path}`);
  if (type === 'query') url.searchParams.set('input', JSON.stringify(input));
  const request = new Request(url, type === 'query' ? { method: 'GET' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: request,
    router: appRouter,
    createContext: () => h.context(user, { ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}), ...(options.auth ? { auth: options.auth } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('errors over HTTP', () => {
  it('invalid input is 400 with per-field messages', async () => {
    const { status, body } = await call('story.addCharacter', { storyId: fx.storyId, name: '', color: 'blue' }, { user: fx.users.owner });
    expect(status).toBe(400);
    expect(Object.keys(body.error.data.fieldErrors ?? {}).sort()).toEqual(['color', 'name']);
    expect(body.error.data.fieldErrors?.color).toEqual(['Use a colour like #1f6feb.']);
  });

  it('what the caller may not see is 404, what they may see but not change is 403, no session is 401', async () => {
    expect((await call('story.bySlug', { slug: fx.slug }, { type: 'query' })).status).toBe(404);
    expect((await call('story.update', { storyId: fx.storyId, title: 'x' }, { user: fx.users.reader })).status).toBe(404);
    expect((await call('story.update', { storyId: fx.storyId, title: 'x' }, { user: fx.users.beta })).status).toBe(403);
    expect((await call('story.update', { storyId: fx.storyId, title: 'x' })).status).toBe(401);
  });

  it('an upload over the limit is 413 with the limit in the message and data', async () => {
    const source = 'word '.repeat(Math.ceil(MAX_UPLOAD_BYTES / 5) + 10);
    const { status, body } = await call('chapter.create', { storyId: fx.storyId, title: 'Huge', upload: { source, format: 'markdown' } }, { user: fx.users.owner });
    expect(status).toBe(413);
    expect(body.error.message).toContain('the limit is 2 MB');
    expect(body.error.data.limitBytes).toBe(MAX_UPLOAD_BYTES);
    const docx = Buffer.alloc(MAX_UPLOAD_BYTES + 1).toString('base64');
    expect((await call('chapter.preview', { storyId: fx.storyId, upload: { source: docx, format: 'docx' } }, { user: fx.users.owner })).status).toBe(413);
  });

  it('parse problems are 400 with every problem (line, message, fix)', async () => {
    const source = '::: pov Ghost\nA line.\n:::\n\n::: pov Phantom\nAnother.\n:::\n';
    const { status, body } = await call('chapter.create', { storyId: fx.storyId, title: 'Bad', upload: { source, format: 'markdown', convention: 'directives' } }, { user: fx.users.owner });
    expect(status).toBe(400);
    const problems = body.error.data.problems ?? [];
    expect(problems.map((p) => p.line)).toEqual(expect.arrayContaining([1, 5]));
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(0);
  });

  it('too many attempts are 429 with retryAfterSeconds', async () => {
    const strict = createAuth(db, { rateLimits: { loginIp: { limit: 2, windowSeconds: 600 } } });
    const clientAddress = `limit-${fx.slug}`;
    const attempt = () => call('auth.logIn', { login: fx.users.reader.username, password: 'not the password' }, { clientAddress, auth: strict });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.data.retryAfterSeconds).toBeGreaterThan(0);
    // The right password does not get through a blocked address either.
    expect((await call('auth.logIn', { login: fx.users.reader.username, password: PASSWORD }, { clientAddress, auth: strict })).status).toBe(429);
  });

  it('unexpected errors are 500 without their message', async () => {
    const broken = { ...db, prisma: new Proxy(db.prisma, { get: () => { throw new Error('secret internals'); } }) } as Database;
    const request = new Request('http://margins.test/trpc/story.browse?input=%7B%7D');
    const response = await fetchRequestHandler({ endpoint: '/trpc', req: request, router: appRouter, createContext: () => h.context(null, { db: broken }) });
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('secret internals');
  });
});
