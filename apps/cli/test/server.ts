// A real HTTP server for the CLI tests: the app's tRPC endpoint (fetch adapter, same router)
// with bearer-token authentication done as hooks.server.ts does it, on a random local port.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter, createContext, validateApiToken } from '@margins/api';
import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export async function startServer(db: Database): Promise<{ url: string; close: () => Promise<void> }> {
  const auth = createAuth(db);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const method = req.method ?? 'GET';
      const request = new Request(url, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      });

      const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '');
      const valid = bearer
        ? await validateApiToken({ db, token: bearer[1] as string, now: new Date() })
        : null;
      const response = await fetchRequestHandler({
        endpoint: '/api/trpc',
        req: request,
        router: appRouter,
        createContext: () =>
          createContext({
            db,
            auth,
            user: valid?.user ?? null,
            tokenScope: valid?.scope ?? null,
            tokenRefused: bearer !== null && !valid,
            clientAddress: '127.0.0.1',
            cookies: { setSession() {}, clearSession() {} },
          }),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}
