// A small round-robin reverse proxy for `pnpm test:scale`, standing in for the load balancer of
// compose.yaml (no container runtime runs on this machine). It does what an operator's proxy is
// configured to do, and no more:
//   - active health checks: every upstream's /readyz every 500 ms; one that answers anything but
//     200 (draining, database away), or three times nothing within 2 s, gets no new requests until
//     it answers 200 again; with no healthy upstream left, requests still go to any (fail open);
//   - passive health checks: a connection error takes the upstream out at once;
//   - one retry on another upstream when the request cannot have reached the app (connection
//     refused) or is safe to repeat (GET/HEAD); a POST cut off mid-flight answers 502, once.
// Responses, event streams included, are piped through unbuffered.
import http from 'node:http';

export interface Proxy {
  origin: string;
  /** Requests answered per upstream origin (after retries). */
  served: Map<string, number>;
  /** Requests that went to a second upstream after the first one failed. */
  retried: number;
  /** 502s answered because no upstream could take the request. */
  badGateway: number;
  close(): Promise<void>;
}

const READY_EVERY_MS = 500;

export async function startProxy(options: { port: number; upstreams: string[] }): Promise<Proxy> {
  const { upstreams } = options;
  const healthy = new Map(upstreams.map((u) => [u, true]));
  const silent = new Map(upstreams.map((u) => [u, 0]));
  const served = new Map(upstreams.map((u) => [u, 0]));
  let cursor = 0;
  const state = { retried: 0, badGateway: 0 };

  const poll = setInterval(() => {
    for (const u of upstreams) {
      fetch(`${u}/readyz`, { signal: AbortSignal.timeout(2000) })
        .then((res) => {
          silent.set(u, 0);
          healthy.set(u, res.status === 200);
          return res.body?.cancel();
        })
        .catch((error: Error) => {
          // Refused: the process is gone. A slow answer is a busy server: out only after three.
          const refused = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
          silent.set(u, (silent.get(u) ?? 0) + 1);
          if (refused || silent.get(u)! >= 3) healthy.set(u, false);
        });
    }
  }, READY_EVERY_MS);

  /** The next healthy upstream other than `not`, round robin; if none is healthy, any other. */
  function next(not?: string): string | null {
    for (const wantHealthy of [true, false]) {
      for (let i = 0; i < upstreams.length; i++) {
        const u = upstreams[(cursor + i) % upstreams.length]!;
        if (u !== not && (!wantHealthy || healthy.get(u))) {
          cursor = (cursor + i + 1) % upstreams.length;
          return u;
        }
      }
    }
    return null;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), next(), false));
  });

  function forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    upstream: string | null,
    isRetry: boolean,
  ) {
    if (!upstream) {
      state.badGateway += 1;
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no upstream');
      return;
    }
    const url = new URL(req.url ?? '/', upstream);
    const up = http.request(
      url,
      { method: req.method, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } },
      (upRes) => {
        served.set(upstream, (served.get(upstream) ?? 0) + 1);
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      healthy.set(upstream, false);
      const safe = error.code === 'ECONNREFUSED' || req.method === 'GET' || req.method === 'HEAD';
      if (safe && !isRetry) {
        state.retried += 1;
        forward(req, res, body, next(upstream), true);
        return;
      }
      state.badGateway += 1;
      res
        .writeHead(502, { 'content-type': 'text/plain' })
        .end(`upstream ${upstream}: ${error.code ?? error.message}`);
    });
    // The client went away (an event stream closed): so does the upstream request.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(body);
  }

  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${options.port}`,
    served,
    get retried() {
      return state.retried;
    },
    get badGateway() {
      return state.badGateway;
    },
    async close() {
      clearInterval(poll);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
