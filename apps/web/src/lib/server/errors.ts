import { fail, error as httpError } from '@sveltejs/kit';
import { TRPCError } from '@margins/api';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';

export interface FormFailure {
  message: string;
  fieldErrors: Record<string, string[]>;
  problems: Array<{
    line: number;
    column?: number;
    message: string;
    fix: string;
    severity: string;
    code: string;
  }>;
  retryAfterSeconds: number | null;
}

interface Details {
  fieldErrors?: Record<string, string[]>;
  problems?: FormFailure['problems'];
  retryAfterSeconds?: number;
}

export type Values = Record<string, unknown>;

/** What a failed form action answers: the form refills from `values`. */
export type FormFailureData<V extends Values = Values> = FormFailure & { values: V };

/** The message of every refusal that has field messages. */
export const CHECK_FIELDS = 'Please check the highlighted fields.';

/**
 * A failed in-process API call as a form failure: the status, a message, field messages.
 * Used through forms.ts `call()`; anything but an API refusal is thrown on.
 */
export function actionFailure<V extends Values = Values>(err: unknown, values: V = {} as V) {
  if (!(err instanceof TRPCError)) throw err;
  const status = getHTTPStatusCodeFromError(err);
  // 503 (database unreachable, parse queue full) passes by itself: the form says so and keeps its values.
  if (status >= 500 && status !== 503) throw err;
  const cause = err.cause;
  const details: Details =
    cause && typeof cause === 'object' && 'details' in cause
      ? ((cause as { details: Details }).details ?? {})
      : {};
  const fieldErrors = cause instanceof ZodError ? fieldErrorsOf(cause.issues) : (details.fieldErrors ?? {});
  const failure: FormFailureData<V> = {
    message: cause instanceof ZodError ? CHECK_FIELDS : err.message,
    fieldErrors,
    problems: details.problems ?? [],
    retryAfterSeconds: details.retryAfterSeconds ?? null,
    values,
  };
  return fail(status, failure);
}

/**
 * Schema issues as field messages, keyed by the field's name (`characters.2.name`). An issue
 * about one item of a list typed into one field (`fandom.3`: a tag too long) shows at that field.
 */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = issue.path.map(String);
    while (path.length > 1 && /^\d+$/.test(path[path.length - 1] as string)) path.pop();
    const messages = (out[path.join('.') || '_'] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
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
