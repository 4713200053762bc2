import { handleTrpcRequest, MAX_REQUEST_BYTES, requestTooLarge, toTRPCError } from '@margins/api';
import type { RequestHandler } from './$types';
import { readBody } from '$lib/server/body-limit';
import { contextFor } from '$lib/server/context';
import { logger } from '$lib/server/ops/log';

// The endpoint's configuration (batch cap, Retry-After) lives in @margins/api (http.ts), where
// the API's HTTP tests use the same.
const handler: RequestHandler = async (event) => {
  let req = event.request;
  let tooLarge: { size: number | null } | null = null;
  if (req.method === 'POST') {
    // Read here, within the request limit, so that a body over it is refused with our message
    // in tRPC's error shape (413, limitBytes) instead of failing inside tRPC as a 500.
    const body = await readBody(event, MAX_REQUEST_BYTES);
    if ('tooLarge' in body) tooLarge = { size: body.tooLarge };
    else req = new Request(req.url, { method: 'POST', headers: req.headers, body: body.text });
  }
  return handleTrpcRequest({
    endpoint: '/api/trpc',
    req: tooLarge
      ? new Request(req.url, { method: 'POST', headers: { 'content-type': 'application/json' } })
      : req,
    createContext: () => {
      // Every call of the request (a batch too) answers with this error; none runs.
      if (tooLarge) throw toTRPCError(requestTooLarge(tooLarge.size))!;
      return contextFor(event);
    },
    onError({ error, path }) {
      // 500s reach the client as a generic message; the cause belongs in the server log.
      // The procedure's name and the error, never its input (passwords, comment bodies).
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error(
          { reqId: event.locals.requestId, procedure: path ?? '?', err: error.cause ?? error },
          'tRPC procedure failed',
        );
    },
  });
};

export const GET = handler;
export const POST = handler;
