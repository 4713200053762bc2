// The wire format over real HTTP (docs/api.md): the endpoint's handler (http.ts) behind a Node
// server on a local port, called by createTRPCClient with superjson as the browser, the CLI and
// the browser tests call it. A Date sent is a Date received, and one returned arrives as a Date.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionUser } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleTrpcRequest } from '../src/http';
import type { AppRouter } from '../src/root';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
let server: Server;
let origin: string;
/** Who the server's requests act as (the test stands in for the app's session check). */
let actingAs: SessionUser | null = null;

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const method = req.method ?? 'GET';
      const request = new Request(new URL(req.url ?? '/', origin), {
        method,
        headers,
        ...(method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      const response = await handleTrpcRequest({
        req: request,
        endpoint: '/api/trpc',
        createContext: () => h.context(actingAs),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await db?.close();
});

const client = () =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${origin}/api/trpc`, transformer: superjson })] });

describe('one wire format: superjson', () => {
  it('a Date sent as input arrives as that Date, and one returned arrives as a Date', async () => {
    actingAs = fx.users.owner;
    // Milliseconds included: an ISO string cut to seconds would not compare equal.
    const publishAt = new Date(Date.now() + 3 * 86_400_000 + 123);
    const scheduled = await client().chapter.schedule.mutate({ chapterId: fx.draftChapterId, publishAt });
    expect(scheduled.publishAt).toBeInstanceOf(Date);
    expect(scheduled.publishAt?.getTime()).toBe(publishAt.getTime());
    // Stored and read back: a row's timestamp too.
    const stored = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: fx.draftChapterId },
      select: { publishAt: true },
    });
    expect(stored.publishAt?.getTime()).toBe(publishAt.getTime());
    const [revision] = await client().chapter.revisions.query({ chapterId: fx.liveChapterId });
    expect(revision?.createdAt).toBeInstanceOf(Date);
  });

  it('on the wire: the JSON envelope with the Date named in meta, as docs/api.md shows it', async () => {
    actingAs = fx.users.owner;
    const input = JSON.stringify(superjson.serialize({ chapterId: fx.liveChapterId }));
    const res = await fetch(`${origin}/api/trpc/chapter.revisions?input=${encodeURIComponent(input)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      result: { data: { json: { createdAt: string }[]; meta: { values: Record<string, unknown> } } };
    };
    expect(typeof body.result.data.json[0]?.createdAt).toBe('string');
    expect(body.result.data.meta.values['0.createdAt']).toEqual(['Date']);
    // Errors come in the same envelope.
    actingAs = null;
    const refused = await fetch(`${origin}/api/trpc/chapter.revisions?input=${encodeURIComponent(input)}`);
    expect(refused.status).toBe(401);
    const error = (await refused.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(error.error.json.data.code).toBe('UNAUTHORIZED');
  });

  it('plain JSON without the envelope is a 400; a broken envelope is never a 500', async () => {
    actingAs = fx.users.owner;
    const post = (body: string) =>
      fetch(`${origin}/api/trpc/story.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    // Unwrapped, the input is undefined: refused by validation, not run with half an input.
    expect((await post(JSON.stringify({ title: 'No envelope' }))).status).toBe(400);
    expect((await post('{"json":')).status).toBe(400);
    for (const body of [
      JSON.stringify({ json: { title: 'x' }, meta: { values: { title: ['Nonsense'] } } }),
      JSON.stringify({ json: { title: 'x' }, meta: { values: { '__proto__.polluted': ['Date'] } } }),
      JSON.stringify({ json: { title: 'x' }, meta: 'not an object' }),
    ]) {
      expect((await post(body)).status, body).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
