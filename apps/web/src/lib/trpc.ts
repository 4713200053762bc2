// The browser's tRPC client: the same /api/trpc the CLI and the browser tests call, with the same
// wire format (superjson, docs/api.md), so what a page refetches has the types — Dates included —
// of what its server load got from the in-process caller. Types come from RouterOutputs, never
// hand-copied.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter, RouterInputs, RouterOutputs } from '@margins/api';

export type { RouterInputs, RouterOutputs };

/**
 * One call per request (`httpLink`, not a batching link): the endpoint caps batches
 * (MAX_BATCH_SIZE) and our pages never need them. Same-origin, so the session cookie goes along.
 */
export const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: '/api/trpc', transformer: superjson, headers: { accept: 'application/json' } })],
});

/** The message the server put in a failed call's answer, or `fallback` when none arrived. */
export function errorMessage(error: unknown, fallback: string): string {
  // A network failure is a TRPCClientError too, with the fetch error's own wording: not ours.
  return error instanceof TRPCClientError && error.data ? error.message : fallback;
}
