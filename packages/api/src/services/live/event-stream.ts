// A server-sent-events stream over one pub/sub channel. The web app's endpoint only checks
// access and wires this to the request; it lives here so it is tested with the services.
//
// Access is checked again while the stream is open (`stillAllowed`, see live-access.ts): on an
// access-change announcement, and before an event when the last answer is old. When it is gone
// the stream says so (`event: end`, `data: {"reason":"access"}`) and closes; the client must not
// reconnect (EventSource would, and then get 404). Events are handled one at a time, in order,
// so nothing is delivered while a check is pending.
import type { PubSub, Unsubscribe } from '@margins/db';
import { isAccessChange } from './publish';

export const HEARTBEAT_MS = 25_000;

export interface LiveStreamOptions {
  pubsub: PubSub;
  channel: string;
  /** The request's signal: the subscription ends when the client goes away. */
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Reconnection delay suggested to EventSource. */
  retryMs?: number;
  /**
   * Whether the listener may still read the chapter; `fresh` after an access change. Without
   * it the stream delivers until the client leaves (tests of the framing only).
   */
  stillAllowed?: (fresh: boolean) => Promise<boolean>;
  /** Who listens (null = anonymous): an event's author id becomes `mine` for them, never sent. */
  listenerId?: string | null;
}

/** An event as one listener gets it: whose change it is, without anyone's id. */
export function forListener(payload: unknown, listenerId: string | null): unknown {
  if (!payload || typeof payload !== 'object' || !('authorId' in payload)) return payload;
  const { authorId, ...rest } = payload;
  return { ...rest, mine: listenerId !== null && authorId === listenerId };
}

/** The last frame of a stream whose listener lost access. */
export const ACCESS_ENDED = 'event: end\ndata: {"reason":"access"}\n\n';

/** `event: <comment|review>` + `data: <json>`; the event name is the kind's prefix. */
export function formatLiveEvent(payload: unknown): string {
  const kind = payload && typeof payload === 'object' && 'kind' in payload ? String(payload.kind) : 'message';
  const name = kind.split('.')[0]?.replace(/[^a-z]/g, '') || 'message';
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function liveEventStream(options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const {
    pubsub,
    channel,
    signal,
    heartbeatMs = HEARTBEAT_MS,
    retryMs = 3000,
    stillAllowed,
    listenerId = null,
  } = options;
  const encoder = new TextEncoder();
  let unsubscribe: Unsubscribe | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let onAbort = () => {};

  async function stop(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    signal.removeEventListener('abort', onAbort);
    const release = unsubscribe;
    unsubscribe = null;
    await release?.().catch(() => {});
  }

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          void stop();
        }
      };
      onAbort = () => {
        void stop();
        try {
          controller.close();
        } catch {
          // Already closed by the runtime.
        }
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      send(`retry: ${retryMs}\n\n`);
      let queue = Promise.resolve();
      // An access change whose check could not run: the next event checks afresh.
      let owed = false;
      const deliver = async (payload: unknown): Promise<void> => {
        if (closed) return;
        const accessChange = isAccessChange(payload);
        if (stillAllowed) {
          let allowed: boolean;
          try {
            allowed = await stillAllowed(accessChange || owed);
            owed = false;
          } catch {
            // The check could not run (database unavailable): deliver nothing unchecked.
            owed ||= accessChange;
            return;
          }
          if (!allowed) {
            send(ACCESS_ENDED);
            onAbort();
            return;
          }
        }
        // The announcement is for this server only; clients refetch on real events.
        if (!accessChange) send(formatLiveEvent(forListener(payload, listenerId)));
      };
      // `ready` tells the browser to refetch; it is sent again after the server's LISTEN
      // connection came back, since events published meanwhile were lost.
      const ready = () => send('event: ready\ndata: {}\n\n');
      const release = await pubsub.subscribe(
        channel,
        (payload) => {
          queue = queue.then(() => deliver(payload)).catch(() => {});
        },
        ready,
      );
      // The client may have left while LISTEN was being issued.
      if (closed) return void (await release());
      unsubscribe = release;
      ready();
      // A comment line keeps proxies from closing an idle connection.
      timer = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
    },
    async cancel() {
      await stop();
    },
  });
}
