// Readiness goes false at SIGTERM, before the server stops taking requests: a load balancer
// notices on its next /readyz (hooks.server.ts answers 503 once draining) and sends new requests
// elsewhere, while this instance keeps serving for `delaySeconds`; only then does adapter-node's
// own shutdown run (stop listening, finish open requests, `sveltekit:shutdown`).

/** Shared with the app's bundle (lib/server/ops/lifecycle.ts) through the global object. */
export const DRAINING = Symbol.for('margins.draining');

/** @returns {boolean} */
export function isDraining() {
  return /** @type {Record<symbol, unknown>} */ (globalThis)[DRAINING] === true;
}

/**
 * Puts our handler in front of the SIGTERM/SIGINT listeners already installed (adapter-node's
 * graceful shutdown): the signal marks the instance draining at once and hands over to them
 * after the delay. SIGINT (Ctrl-C at a terminal) and a second signal hand over at once.
 * @param {{ delaySeconds: number, log: (message: string) => void, target?: NodeJS.EventEmitter }} options
 */
export function drainOnSignals({ delaySeconds, log, target = process }) {
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
    const shutdown = target.listeners(signal);
    for (const listener of shutdown)
      target.removeListener(signal, /** @type {(...args: unknown[]) => void} */ (listener));
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    let handedOver = false;
    const handOver = () => {
      if (handedOver) return;
      handedOver = true;
      clearTimeout(timer);
      for (const listener of shutdown) listener(signal);
    };
    target.on(signal, () => {
      const delay = signal === 'SIGTERM' && !isDraining() ? delaySeconds : 0;
      /** @type {Record<symbol, unknown>} */ (globalThis)[DRAINING] = true;
      if (delay <= 0) return handOver();
      log(`${signal}: not ready any more (/readyz answers 503); draining in ${delay} s.`);
      timer = setTimeout(handOver, delay * 1000);
    });
  }
}
