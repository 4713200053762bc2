// The tRPC client: the server's /api/trpc with the token as a bearer header. The wire format is
// superjson (docs/api.md), so dates arrive as Dates.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@margins/api';

export type Client = ReturnType<typeof createClient>;

export function createClient(server: string, token: string, fetchImpl?: typeof fetch) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server.replace(/\/+$/, '')}/api/trpc`,
        transformer: superjson,
        headers: () => ({ authorization: `Bearer ${token}` }),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    ],
  });
}

export interface ApiFailure {
  code: string | null;
  message: string;
  problems: {
    line: number;
    column?: number | null;
    message: string;
    fix: string;
    severity: string;
    code: string;
  }[];
  /** True when the request never got an answer from the server. */
  network: boolean;
}

export function apiFailure(error: unknown): ApiFailure | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = (error.data ?? null) as { code?: string; problems?: ApiFailure['problems'] | null } | null;
  const cause = error.cause as { code?: string } | undefined;
  const network =
    !data &&
    (error.message.includes('fetch failed') ||
      cause?.code === 'ECONNREFUSED' ||
      error.message.includes('ECONNREFUSED'));
  return { code: data?.code ?? null, message: error.message, problems: data?.problems ?? [], network };
}
