// Typed service errors and their one mapping onto tRPC error codes (and so HTTP statuses).
import { TRPCError } from '@trpc/server';
import type { Problem } from '@margins/segments';
import { isAuthError } from './auth';

export type ServiceErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'too_large'
  | 'unprocessable'
  | 'invalid'
  | 'rate_limited'
  | 'unavailable';

export interface ServiceErrorDetails {
  /** Per-field messages for forms, keyed by input path ("title", "characters.0.color"). */
  fieldErrors?: Record<string, string[]>;
  /** Parse problems of an upload, each with line, column and a fix. */
  problems?: Problem[];
  retryAfterSeconds?: number;
  limitBytes?: number;
}

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: ServiceErrorDetails = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ServiceError('not_found', `${what} not found.`);

const TRPC_CODE = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  too_large: 'PAYLOAD_TOO_LARGE',
  unprocessable: 'UNPROCESSABLE_CONTENT',
  invalid: 'BAD_REQUEST',
  rate_limited: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<ServiceErrorCode, TRPCError['code']>;

const AUTH_CODE = {
  invalid_input: 'invalid',
  weak_password: 'invalid',
  invalid_credentials: 'invalid_credentials',
  rate_limited: 'rate_limited',
  username_taken: 'conflict',
  email_taken: 'conflict',
  not_found: 'not_found',
  invalid_token: 'invalid',
  suspended: 'forbidden',
} as const;

/**
 * The one place where domain errors become tRPC errors. Auth errors are first turned into
 * service errors so the formatter only knows one error type; wrong credentials are the one
 * case without a service equivalent (401).
 */
export function toTRPCError(cause: unknown): TRPCError | null {
  if (cause instanceof TRPCError) return null;
  if (isAuthError(cause)) {
    const kind = AUTH_CODE[cause.code];
    if (kind === 'invalid_credentials')
      return new TRPCError({ code: 'UNAUTHORIZED', message: cause.message, cause });
    const details: ServiceErrorDetails = {};
    if (cause.field) details.fieldErrors = { [cause.field]: [cause.message] };
    if (cause.retryAfterSeconds !== undefined) details.retryAfterSeconds = cause.retryAfterSeconds;
    return toTRPCError(new ServiceError(kind, cause.message, details));
  }
  if (cause instanceof ServiceError) {
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (isDatabaseUnavailable(cause)) {
    const unavailable = new ServiceError(
      'unavailable',
      'The database is not reachable right now; try again in a few seconds.',
      { retryAfterSeconds: 5 },
    );
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: unavailable.message, cause: unavailable });
  }
  return null;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'P1001',
  'P1008',
  'P1017',
  'P2024',
  'P2037',
]);
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|Connection terminated|terminating connection|database system is (?:starting up|shutting down|in recovery)|Can't reach database|Timed out fetching a new connection|not queryable/i;
// Prisma's driver adapters replace a socket error by one of these kinds (the socket's own code is
// dropped), and Prisma then wraps that in an error whose code depends on the query: P1017 for a
// model query, P2010 ("raw query failed") for $queryRaw, with the adapter's error beside it.
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * A PostgreSQL restart or outage is not a bug in the request: it answers 503 with Retry-After,
 * so clients and load balancers retry instead of reporting a server error.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalCode?: unknown;
    kind?: unknown;
    driverAdapterError?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.originalCode === 'string' && UNAVAILABLE_CODES.has(e.originalCode)) return true;
  if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  return [e.cause, e.driverAdapterError, e.meta?.driverAdapterError].some((inner) =>
    isDatabaseUnavailable(inner, depth + 1),
  );
}
