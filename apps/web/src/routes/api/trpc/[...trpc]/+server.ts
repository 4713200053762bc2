import type { RequestHandler } from './$types';
import { contextFor } from '$lib/server/context';
import { getServices } from '$lib/server/services';

// The endpoint's configuration (batch cap, Retry-After) lives in @margins/api (http.ts), where
// the API's HTTP tests use the same.
const handler: RequestHandler = async (event) =>
  (await getServices()).packages.api.handleTrpcRequest({
    endpoint: '/api/trpc',
    req: event.request,
    createContext: () => contextFor(event),
    onError({ error, path }) {
      // 500s reach the client as a generic message; the cause belongs in the server log.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });

export const GET = handler;
export const POST = handler;
