import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Unsubscribe = () => Promise<void>;

/**
 * Live-update fan-out through PostgreSQL LISTEN/NOTIFY, so every app instance on one database
 * hears what any instance published. On PGlite the same SQL works in-process.
 */
export interface PubSub {
  publish(channel: string, payload: unknown): Promise<void>;
  subscribe(channel: string, listener: (payload: unknown) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

// NOTIFY channels are identifiers: keep them short and predictable.
const CHANNEL = /^[a-z0-9_]{1,63}$/;
function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Invalid channel name "${channel}"`);
}
// PostgreSQL caps a NOTIFY payload at 8000 bytes; live events carry ids and counts, not bodies.
const MAX_PAYLOAD = 7900;

function encode(payload: unknown): string {
  const text = JSON.stringify(payload);
  if (text.length > MAX_PAYLOAD) throw new Error('Live-update payload too large; send ids, not content.');
  return text;
}

function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** How one engine carries notifications; the listener bookkeeping is shared. */
interface Transport {
  notify(channel: string, text: string): Promise<void>;
  listen(channel: string): Promise<void>;
  unlisten(channel: string): Promise<void>;
  close(): Promise<void>;
}

type Deliver = (channel: string, text: string) => void;

/** One LISTEN per channel however many subscribers it has; UNLISTEN when the last one leaves. */
function fanOut(makeTransport: (deliver: Deliver, channels: () => Iterable<string>) => Transport): PubSub {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport = makeTransport(
    (channel, text) => {
      const set = listeners.get(channel);
      if (!set) return;
      const payload = decode(text);
      for (const listener of set) listener(payload);
    },
    () => listeners.keys(),
  );
  return {
    async publish(channel, payload) {
      checkChannel(channel);
      await transport.notify(channel, encode(payload));
    },
    async subscribe(channel, listener) {
      checkChannel(channel);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await transport.listen(channel);
      }
      set.add(listener);
      return async () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(channel) === set) {
          listeners.delete(channel);
          await transport.unlisten(channel);
        }
      };
    },
    async close() {
      listeners.clear();
      await transport.close();
    },
  };
}

export function pglitePubSub(client: PGlite): PubSub {
  return fanOut((deliver) => {
    const stops = new Map<string, () => Promise<void>>();
    return {
      async notify(channel, text) {
        await client.query('SELECT pg_notify($1, $2)', [channel, text]);
      },
      async listen(channel) {
        stops.set(channel, await client.listen(channel, (text) => deliver(channel, text)));
      },
      async unlisten(channel) {
        await stops.get(channel)?.();
        stops.delete(channel);
      },
      async close() {
        for (const stop of stops.values()) await stop();
        stops.clear();
      },
    };
  });
}

/**
 * One dedicated connection per app instance does all the LISTENing; it reconnects with backoff
 * when PostgreSQL restarts and re-issues every LISTEN.
 */
export function postgresPubSub(config: pg.ClientConfig, publishPool: pg.Pool): PubSub {
  return fanOut((deliver, channels) => {
    let client: pg.Client | null = null;
    let connecting: Promise<pg.Client> | null = null;
    let closed = false;
    let retryMs = 250;

    async function connect(): Promise<pg.Client> {
      const c = new pg.Client(config);
      c.on('notification', (msg) => deliver(msg.channel, msg.payload ?? 'null'));
      c.on('error', () => {
        /* handled by 'end' */
      });
      c.on('end', () => {
        if (client === c) client = null;
        if (!closed) setTimeout(() => void ensure().catch(() => {}), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
      await c.connect();
      for (const channel of channels()) await c.query(`LISTEN ${channel}`);
      retryMs = 250;
      client = c;
      return c;
    }

    function ensure(): Promise<pg.Client> {
      if (client) return Promise.resolve(client);
      connecting ??= connect().finally(() => {
        connecting = null;
      });
      return connecting;
    }

    return {
      async notify(channel, text) {
        await publishPool.query('SELECT pg_notify($1, $2)', [channel, text]);
      },
      async listen(channel) {
        const c = await ensure();
        await c.query(`LISTEN ${channel}`);
      },
      async unlisten(channel) {
        if (client) await client.query(`UNLISTEN ${channel}`).catch(() => {});
      },
      async close() {
        closed = true;
        const c = client;
        client = null;
        await c?.end().catch(() => {});
        await publishPool.end().catch(() => {});
      },
    };
  });
}
