import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/context';
import { getServices } from '$lib/server/services';

const handler: RequestHandler = async (event) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: event.request,
    router: (await getServices()).packages.api.appRouter,
    createContext: () => contextFor(event),
    onError({ error, path }) {
      // 500s reach the client as a generic message; the cause belongs in the server log.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
    responseMeta({ errors }) {
      const retry = errors
        .map((e) => (e.cause as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds)
        .find((s) => typeof s === 'number');
      return retry ? { headers: new Headers({ 'retry-after': String(Math.ceil(retry)) }) } : {};
    },
  });

export const GET = handler;
export const POST = handler;
