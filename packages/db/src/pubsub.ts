import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Unsubscribe = () => Promise<void>;

/**
 * Live-update fan-out through PostgreSQL LISTEN/NOTIFY, so every app instance on one database
 * hears what any instance published. On PGlite the same SQL works in-process.
 */
export interface PubSub {
  publish(channel: string, payload: unknown): Promise<void>;
  /**
   * `onGap` is called when events may have been missed: the LISTEN connection was lost and is
   * back (PostgreSQL only). A subscriber that shows state should refetch it then.
   */
  subscribe(channel: string, listener: (payload: unknown) => void, onGap?: () => void): Promise<Unsubscribe>;
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

interface Subscriber {
  listener: (payload: unknown) => void;
  onGap?: (() => void) | undefined;
}

/**
 * What a transport tells the shared part: a notification, or "events may have been missed".
 * Function properties, not methods: transports destructure them.
 */
interface Sink {
  deliver: (channel: string, text: string) => void;
  gap: () => void;
  channels: () => string[];
}

/**
 * Subscribers run inside the driver's socket handler (or PGlite's notification loop): an
 * exception would be an uncaught one there, ending the process and every stream.
 */
function contained(channel: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    console.error(`Live-update subscriber on "${channel}" failed:`, error);
  }
}

/** One LISTEN per channel however many subscribers it has; UNLISTEN when the last one leaves. */
function fanOut(makeTransport: (sink: Sink) => Transport): PubSub {
  const listeners = new Map<string, Set<Subscriber>>();
  const transport = makeTransport({
    deliver(channel, text) {
      const set = listeners.get(channel);
      if (!set) return;
      const payload = decode(text);
      for (const s of set) contained(channel, () => s.listener(payload));
    },
    gap() {
      for (const [channel, set] of listeners) for (const s of set) if (s.onGap) contained(channel, s.onGap);
    },
    channels: () => [...listeners.keys()],
  });
  return {
    async publish(channel, payload) {
      checkChannel(channel);
      await transport.notify(channel, encode(payload));
    },
    async subscribe(channel, listener, onGap) {
      checkChannel(channel);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        try {
          await transport.listen(channel);
        } catch (error) {
          // Nobody is subscribed after a failed LISTEN: forget the channel unless another
          // subscriber joined meanwhile (the reconnecting connection LISTENs it for them).
          if (set.size === 0 && listeners.get(channel) === set) listeners.delete(channel);
          throw error;
        }
      }
      const subscriber: Subscriber = { listener, onGap };
      set.add(subscriber);
      return async () => {
        set.delete(subscriber);
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
  return fanOut(({ deliver }) => {
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

export type ConnectionSource = 'prisma' | 'publish' | 'listen' | 'replica';
/** Told about each connection that died or could not be opened; it is dropped and replaced. */
export type ConnectionErrorHandler = (source: ConnectionSource, error: Error) => void;

export interface PostgresPubSubOptions {
  /** The publishing pool (small: a NOTIFY is one short statement). */
  publish: pg.PoolConfig;
  /** The one LISTEN connection of this app instance. */
  listen: pg.ClientConfig;
  onConnectionError: ConnectionErrorHandler;
  /** LISTEN reconnection delays: doubling from `firstMs` (with jitter) up to `maxMs`. */
  retry?: { firstMs: number; maxMs: number };
}

/**
 * A PostgreSQL restart, a failover or an administrator's `pg_terminate_backend` ends connections
 * at any moment: while idle in the pool, with a NOTIFY in flight, or while LISTENing. Every one
 * of those is reported to `onConnectionError`, dropped and replaced; none may surface as an
 * unhandled 'error' event, which would end the process (issue 14, H3).
 *
 * One dedicated connection per app instance does all the LISTENing; when it is lost it
 * reconnects with backoff and re-issues every LISTEN, so open live streams carry on. Events
 * published while it was away are not replayed (NOTIFY has no history): subscribers are told
 * through `onGap`, so they can refetch.
 */
export function postgresPubSub(options: PostgresPubSubOptions): PubSub {
  const { onConnectionError } = options;
  const { firstMs, maxMs } = options.retry ?? { firstMs: 250, maxMs: 5000 };
  const publishPool = new pg.Pool(options.publish);
  // pg-pool has already removed the dead connection when it emits this; the next publish opens
  // a new one. Without a listener, EventEmitter throws it as an uncaught exception.
  publishPool.on('error', (error) => onConnectionError('publish', error));

  return fanOut(({ deliver, gap, channels }) => {
    /** Connected, with every channel LISTENed. */
    let client: pg.Client | null = null;
    let connecting: Promise<pg.Client> | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let closed = false;
    /** A listening connection was lost and has not been replaced: events may be missed. */
    let missed = false;

    async function connectAndListen(): Promise<pg.Client> {
      const c = new pg.Client(options.listen);
      let lost = false;
      c.on('notification', (msg) => deliver(msg.channel, msg.payload ?? 'null'));
      c.on('error', (error) => {
        if (!closed) onConnectionError('listen', error);
      });
      c.on('end', () => {
        lost = true;
        if (client !== c) return;
        client = null;
        missed = true;
        reconnectLater();
      });
      try {
        await c.connect();
        // Read now, so channels subscribed while this connection was opening are included.
        for (const channel of channels()) await c.query(`LISTEN ${channel}`);
        if (lost) throw new Error('The LISTEN connection closed while subscribing.');
      } catch (error) {
        await c.end().catch(() => {});
        throw error;
      }
      return c;
    }

    /** The listening connection, opening one if there is none (one attempt at a time). */
    function ensure(): Promise<pg.Client> {
      if (client) return Promise.resolve(client);
      connecting ??= connectAndListen().then(
        (c) => {
          connecting = null;
          failures = 0;
          if (closed) {
            void c.end().catch(() => {});
            throw new Error('The live-update connection is closed.');
          }
          client = c;
          if (missed) {
            missed = false;
            gap();
          }
          return c;
        },
        (error: unknown) => {
          connecting = null;
          failures += 1;
          if (!closed) onConnectionError('listen', error instanceof Error ? error : new Error(String(error)));
          reconnectLater();
          throw error;
        },
      );
      return connecting;
    }

    /** One pending retry at most, and only while someone is subscribed. */
    function reconnectLater(): void {
      if (closed || timer || channels().length === 0) return;
      const ceiling = Math.min(firstMs * 2 ** failures, maxMs);
      // Jitter: app instances that lost PostgreSQL together do not all return at one instant.
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      timer = setTimeout(() => {
        timer = null;
        if (channels().length > 0) ensure().catch(() => {});
      }, delay);
    }

    return {
      async notify(channel, text) {
        try {
          await publishPool.query('SELECT pg_notify($1, $2)', [channel, text]);
        } catch (error) {
          // A connection that died since its last use fails the first query on it; pg-pool has
          // dropped it, so one retry runs on a fresh one. (If the lost NOTIFY had in fact been
          // committed, listeners get the event twice: clients only refetch, so that is harmless.)
          if (!isConnectionLoss(error)) throw error;
          await publishPool.query('SELECT pg_notify($1, $2)', [channel, text]);
        }
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
        if (timer) clearTimeout(timer);
        timer = null;
        const c = client ?? (await connecting?.catch(() => null)) ?? null;
        client = null;
        await c?.end().catch(() => {});
        await publishPool.end().catch(() => {});
      },
    };
  });
}

/**
 * The connection, not the statement, failed: a socket error or an ended connection (no SQLSTATE),
 * or a SQLSTATE of class 08 (connection exception) or 57P (operator intervention: shutdown,
 * terminated backend, server starting up).
 */
function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return code.startsWith('08') || code.startsWith('57P');
  return error instanceof Error;
}
