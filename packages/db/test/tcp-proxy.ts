// A TCP proxy in front of PostgreSQL for connection-loss tests: it can swallow what clients send
// (so a query is in flight when its backend is terminated) and act as an outage (every
// connection cut, new ones refused) without touching the shared server.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far, refused ones included. */
  readonly accepted: number;
  /** From now on, drop what the connections open at this moment send (new ones are not affected). */
  swallowExisting(): void;
  /** Bytes dropped so far. */
  readonly swallowed: number;
  /** Cuts every connection; while down, new ones are closed as soon as they arrive. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const swallowing = new WeakSet<Socket>();
  let swallowed = 0;
  let isDown = false;
  let accepted = 0;
  const clients = new Set<Socket>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    accepted += 1;
    track(client);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    if (isDown) return void client.destroy();
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on('data', (chunk) => {
      if (swallowing.has(client)) swallowed += chunk.length;
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    get swallowed() {
      return swallowed;
    },
    swallowExisting() {
      for (const client of clients) swallowing.add(client);
    },
    down() {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      isDown = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
