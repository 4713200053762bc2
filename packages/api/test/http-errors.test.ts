// Error mapping as an HTTP client sees it: status codes and the data the UI relies on.
import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/auth';
import { appRouter } from '../src/root';
import { MAX_UPLOAD_BYTES } from '../src/services/chapter/upload';
import { ParsePool } from '../src/services/parse/pool';
import { PASSWORD, harness, storyFixture, type Harness, type StoryFixture } from './helpers';
import { decodeBody, encodeInput } from './wire';

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
  error: {
    message: string;
    code: number;
    data: {
      code: string;
      httpStatus: number;
      fieldErrors: Record<string, string[]> | null;
      problems: { line: number; message: string; fix: string }[] | null;
      retryAfterSeconds: number | null;
      limitBytes: number | null;
    };
  };
}

async function call(
  path: string,
  input: unknown,
  options: {
    user?: SessionUser | null;
    type?: 'query' | 'mutation';
    clientAddress?: string;
    auth?: ReturnType<typeof createAuth>;
    parser?: ParsePool;
  } = {},
) {
  const { user = null, type = 'mutation' } = options;
  const url = new URL(`http://margins.test/trpc/${path}`);
  if (type === 'query') url.searchParams.set('input', encodeInput(input));
  const request = new Request(
    url,
    type === 'query'
      ? { method: 'GET' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeInput(input) },
  );
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: request,
    router: appRouter,
    createContext: () =>
      h.context(user, {
        ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
        ...(options.auth ? { auth: options.auth } : {}),
        ...(options.parser ? { parser: options.parser } : {}),
      }),
  });
  return { status: response.status, body: decodeBody(await response.json()) as ErrorBody };
}

describe('errors over HTTP', () => {
  it('invalid input is 400 with per-field messages', async () => {
    const { status, body } = await call(
      'story.addCharacter',
      { storyId: fx.storyId, name: '', color: 'blue' },
      { user: fx.users.owner },
    );
    expect(status).toBe(400);
    expect(Object.keys(body.error.data.fieldErrors ?? {}).sort()).toEqual(['color', 'name']);
    expect(body.error.data.fieldErrors?.color).toEqual(['Use a colour like #1f6feb.']);
  });

  it('what the caller may not see is 404, what they may see but not change is 403, no session is 401', async () => {
    expect((await call('story.bySlug', { slug: fx.slug }, { type: 'query' })).status).toBe(404);
    expect(
      (await call('story.update', { storyId: fx.storyId, title: 'x' }, { user: fx.users.reader })).status,
    ).toBe(404);
    expect(
      (await call('story.update', { storyId: fx.storyId, title: 'x' }, { user: fx.users.beta })).status,
    ).toBe(403);
    expect((await call('story.update', { storyId: fx.storyId, title: 'x' })).status).toBe(401);
  });

  it('an upload over the limit is 413 with the limit in the message and data', async () => {
    const source = 'word '.repeat(Math.ceil(MAX_UPLOAD_BYTES / 5) + 10);
    const { status, body } = await call(
      'chapter.create',
      { storyId: fx.storyId, title: 'Huge', upload: { source, format: 'markdown' } },
      { user: fx.users.owner },
    );
    expect(status).toBe(413);
    expect(body.error.message).toContain('the limit is 2 MB');
    expect(body.error.data.limitBytes).toBe(MAX_UPLOAD_BYTES);
    const docx = Buffer.alloc(MAX_UPLOAD_BYTES + 1).toString('base64');
    expect(
      (
        await call(
          'chapter.preview',
          { storyId: fx.storyId, upload: { source: docx, format: 'docx' } },
          { user: fx.users.owner },
        )
      ).status,
    ).toBe(413);
  });

  it('a .docx zip bomb is refused before it is unpacked: 413 over the size limit, 422 past the ratio, each naming the limit', async () => {
    const xml = (body: string) =>
      strToU8(
        `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      );
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    // The two reported: 50 MB in one paragraph (126 KB), 20 MB of repeated paragraphs (61 KB).
    const huge = base64(
      zipSync(
        { 'word/document.xml': xml(`<w:p><w:r><w:t>${'a'.repeat(50 * 1024 * 1024)}</w:t></w:r></w:p>`) },
        { level: 9 },
      ),
    );
    const dense = base64(
      zipSync(
        { 'word/document.xml': xml('<w:p><w:r><w:t>a</w:t></w:r></w:p>'.repeat(620_000)) },
        { level: 9 },
      ),
    );
    const chapters = await db.prisma.chapter.count({ where: { storyId: fx.storyId } });
    for (const path of ['chapter.preview', 'chapter.create']) {
      const tooBig = await call(
        path,
        { storyId: fx.storyId, title: 'Bomb', upload: { source: huge, format: 'docx' } },
        { user: fx.users.owner },
      );
      expect(tooBig.status, path).toBe(413);
      expect(tooBig.body.error.message).toContain('the limit is 32 MB (33554432 bytes)');
      expect(tooBig.body.error.data.limitBytes).toBe(32 * 1024 * 1024);
      const tooDense = await call(
        path,
        { storyId: fx.storyId, title: 'Bomb', upload: { source: dense, format: 'docx' } },
        { user: fx.users.owner },
      );
      expect(tooDense.status, path).toBe(422);
      expect(tooDense.body.error.data.code).toBe('UNPROCESSABLE_CONTENT');
      expect(tooDense.body.error.message).toContain('the limit is 100 to 1');
      expect(tooDense.body.error.data.problems?.[0]?.fix).toContain('save it again');
    }
    expect(await db.prisma.chapter.count({ where: { storyId: fx.storyId } })).toBe(chapters);
  });

  it('a parse past the time limit is 422 naming the limit, and the next upload parses', async () => {
    const parser = new ParsePool({ workers: 1, timeoutMs: 50 });
    try {
      // Long enough to outlast 50 ms many times over: 1.5 MB of distinct paragraphs.
      const long = Array.from(
        { length: 6000 },
        (_, i) => `Paragraph ${i} of a long chapter, where the tide keeps coming in over the wall.`,
      ).join('\n\n');
      const slow = await call(
        'chapter.preview',
        { storyId: fx.storyId, upload: { source: long, format: 'markdown' } },
        { user: fx.users.owner, parser },
      );
      expect(slow.status).toBe(422);
      expect(slow.body.error.message).toContain('took longer than 0.05 seconds, the limit');
      const next = await call(
        'chapter.preview',
        { storyId: fx.storyId, upload: { source: 'A short one.', format: 'markdown' } },
        { user: fx.users.owner, parser },
      );
      expect(next.status).toBe(200);
      expect(parser.stats).toEqual({ started: 2, stopped: 1 });
    } finally {
      await parser.close();
    }
  });

  it('parse problems are 400 with every problem (line, message, fix)', async () => {
    const source = '::: pov Ghost\nA line.\n:::\n\n::: pov Phantom\nAnother.\n:::\n';
    const { status, body } = await call(
      'chapter.create',
      { storyId: fx.storyId, title: 'Bad', upload: { source, format: 'markdown', convention: 'directives' } },
      { user: fx.users.owner },
    );
    expect(status).toBe(400);
    const problems = body.error.data.problems ?? [];
    expect(problems.map((p) => p.line)).toEqual(expect.arrayContaining([1, 5]));
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(0);
  });

  it('too many attempts are 429 with retryAfterSeconds', async () => {
    const strict = createAuth(db, { rateLimits: { loginIp: { limit: 2, windowSeconds: 600 } } });
    const clientAddress = `limit-${fx.slug}`;
    const attempt = () =>
      call(
        'auth.logIn',
        { login: fx.users.reader.username, password: 'not the password' },
        { clientAddress, auth: strict },
      );
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.data.retryAfterSeconds).toBeGreaterThan(0);
    // The right password does not get through a blocked address either.
    expect(
      (
        await call(
          'auth.logIn',
          { login: fx.users.reader.username, password: PASSWORD },
          { clientAddress, auth: strict },
        )
      ).status,
    ).toBe(429);
  });

  it('unexpected errors are 500 without their message', async () => {
    const broken = {
      ...db,
      prisma: new Proxy(db.prisma, {
        get: () => {
          throw new Error('secret internals');
        },
      }),
    } as Database;
    const request = new Request(
      `http://margins.test/trpc/story.browse?input=${encodeURIComponent(encodeInput({}))}`,
    );
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: request,
      router: appRouter,
      createContext: () => h.context(null, { db: broken }),
    });
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('secret internals');
  });
});
