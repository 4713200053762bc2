// Typed service errors and their one mapping onto tRPC error codes (and so HTTP statuses).
import { TRPCError } from '@trpc/server';
import type { Problem } from '@margins/segments';
import { isAuthError } from './auth';

export type ServiceErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'too_large' | 'invalid' | 'rate_limited';

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
  invalid: 'BAD_REQUEST',
  rate_limited: 'TOO_MANY_REQUESTS',
} as const satisfies Record<ServiceErrorCode, TRPCError['code']>;

const AUTH_CODE = {
  invalid_input: 'invalid',
  weak_password: 'invalid',
  invalid_credentials: 'invalid_credentials',
  rate_limited: 'rate_limited',
  username_taken: 'conflict',
  email_taken: 'conflict',
  not_found: 'not_found',
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
    if (kind === 'invalid_credentials') return new TRPCError({ code: 'UNAUTHORIZED', message: cause.message, cause });
    const details: ServiceErrorDetails = {};
    if (cause.field) details.fieldErrors = { [cause.field]: [cause.message] };
    if (cause.retryAfterSeconds !== undefined) details.retryAfterSeconds = cause.retryAfterSeconds;
    return toTRPCError(new ServiceError(kind, cause.message, details));
  }
  if (cause instanceof ServiceError) {
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return null;
}
