// The tRPC HTTP endpoint, configured once: the app's /api/trpc route and the tests that speak
// HTTP both call this, so a limit set here is the limit a client meets.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { TRPCError } from '@trpc/server';
import { appRouter } from './root';
import { MAX_BATCH_SIZE, type Context } from './trpc';

export { BATCH_TOO_LARGE_MESSAGE, MAX_BATCH_SIZE } from './trpc';

export interface TrpcHttpOptions {
  req: Request;
  /** Where the router is mounted, e.g. `/api/trpc`. */
  endpoint: string;
  createContext: () => Context | Promise<Context>;
  onError?: (error: { error: TRPCError; path: string | undefined }) => void;
}

export function handleTrpcRequest(options: TrpcHttpOptions): Promise<Response> {
  const { req, endpoint, createContext, onError } = options;
  return fetchRequestHandler({
    endpoint,
    req,
    router: appRouter,
    createContext,
    maxBatchSize: MAX_BATCH_SIZE,
    ...(onError ? { onError: ({ error, path }) => onError({ error, path }) } : {}),
    // A 429 (a per-user limit) tells the client when to come back.
    responseMeta({ errors }) {
      const retry = errors
        .map(
          (e) =>
            (e.cause as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds,
        )
        .find((s) => typeof s === 'number');
      return retry ? { headers: new Headers({ 'retry-after': String(Math.ceil(retry)) }) } : {};
    },
  });
}
