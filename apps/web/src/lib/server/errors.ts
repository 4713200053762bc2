import { fail, error as httpError } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';

export interface FormFailure {
  message: string;
  fieldErrors: Record<string, string[]>;
  problems: Array<{ line: number; column?: number; message: string; fix: string; severity: string; code: string }>;
  retryAfterSeconds: number | null;
}

interface Details {
  fieldErrors?: Record<string, string[]>;
  problems?: FormFailure['problems'];
  retryAfterSeconds?: number;
}

/** A failed in-process API call as a form failure: the status, a message, field messages. */
export function actionFailure(err: unknown, values: Record<string, unknown> = {}) {
  if (!(err instanceof TRPCError)) throw err;
  const status = getHTTPStatusCodeFromError(err);
  // 503 (database unreachable, parse queue full) passes by itself: the form says so and keeps its values.
  if (status >= 500 && status !== 503) throw err;
  const cause = err.cause;
  const details: Details =
    cause && typeof cause === 'object' && 'details' in cause ? ((cause as { details: Details }).details ?? {}) : {};
  const fieldErrors = cause instanceof ZodError ? zodFieldErrors(cause) : (details.fieldErrors ?? {});
  const failure: FormFailure & { values: Record<string, unknown> } = {
    message: cause instanceof ZodError ? 'Please check the highlighted fields.' : err.message,
    fieldErrors,
    problems: details.problems ?? [],
    retryAfterSeconds: details.retryAfterSeconds ?? null,
    values,
  };
  return fail(status, failure);
}

function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.map(String).join('.') || '_'] ??= []).push(issue.message);
  return out;
}

/** For loads: an API error becomes the matching error page (404 stays 404). */
export function loadError(err: unknown): never {
  if (err instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(err);
    // 503 (database unreachable) is worth telling the reader: it will pass by itself.
    if (status < 500 || status === 503) httpError(status, { message: err.message });
  }
  throw err;
}
