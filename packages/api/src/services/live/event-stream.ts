// A server-sent-events stream over one pub/sub channel. The web app's endpoint only checks
// access and wires this to the request; it lives here so it is tested with the services.
import type { PubSub, Unsubscribe } from '@margins/db';

export const HEARTBEAT_MS = 25_000;

export interface LiveStreamOptions {
  pubsub: PubSub;
  channel: string;
  /** The request's signal: the subscription ends when the client goes away. */
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Reconnection delay suggested to EventSource. */
  retryMs?: number;
}

/** `event: <comment|review>` + `data: <json>`; the event name is the kind's prefix. */
export function formatLiveEvent(payload: unknown): string {
  const kind = payload && typeof payload === 'object' && 'kind' in payload ? String((payload as { kind: unknown }).kind) : 'message';
  const name = kind.split('.')[0]?.replace(/[^a-z]/g, '') || 'message';
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function liveEventStream(options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const { pubsub, channel, signal, heartbeatMs = HEARTBEAT_MS, retryMs = 3000 } = options;
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
      // `ready` tells the browser to refetch; it is sent again after the server's LISTEN
      // connection came back, since events published meanwhile were lost.
      const ready = () => send('event: ready\ndata: {}\n\n');
      const release = await pubsub.subscribe(channel, (payload) => send(formatLiveEvent(payload)), ready);
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
