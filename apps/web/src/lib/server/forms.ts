// The one form layer (docs/architecture.md, "Forms"). A form action reads its fields
// (`readForm`), asks for a login (`requireLogin`), parses with the API's own input schema when it
// must refuse before calling (`parse`), runs its API call (`call`) and answers `fail()` with the
// same shape whatever refused: a page check (`refuse`), a schema, or the API. Without JavaScript
// the same actions answer plain form posts: nothing here depends on `use:enhance`.
import { fail, isActionFailure, redirect, type ActionFailure } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { z } from 'zod';
import { api } from './api';
import { actionFailure, CHECK_FIELDS, fieldErrorsOf, type FormFailureData, type Values } from './errors';
import { Fields } from './fields';

export { Fields } from './fields';

export type Caller = Awaited<ReturnType<typeof api>>;
/** No keys beyond the failure's own. */
type NoExtra = Record<never, never>;

/** How a refusal is answered: the values to refill the form with, and which form of the page it was. */
export interface FailOptions<V extends Values, E extends Values> {
  values?: V;
  /** Pages with several forms show a message next to the form that sent it. */
  form?: string;
  /** Anything else the page needs back with the failure (the carried upload, a target id). */
  extra?: E;
  /** Field names as the form has them, when they differ from the schema's paths. */
  rename?: (key: string) => string;
}

export type Failure<V extends Values = Values, E extends Values = NoExtra> = ActionFailure<
  FormFailureData<V> & { form?: string } & E
>;

/**
 * Whether an answer of `call`, `parse` or `refuse` is a refusal. Narrows to the failure and, in
 * the other branch, to the result (SvelteKit's `isActionFailure` narrows to `ActionFailure<undefined>`).
 */
export function failed<T>(result: T): result is Extract<T, ActionFailure<object>> {
  return isActionFailure(result);
}

/** This request's path and query, without a form action's `?/name` parameter. */
export function currentPath(url: URL): string {
  const query = new URLSearchParams([...url.searchParams].filter(([k]) => !k.startsWith('/')));
  const qs = query.toString();
  return `${url.pathname}${qs ? `?${qs}` : ''}`;
}

/**
 * The signed-in user. Logged out: a redirect to the login page, which comes back to `next`
 * (this page, by default). Every load and action that needs a user calls it itself, never only a
 * layout (Lucia's SvelteKit guide).
 */
export function requireLogin(next?: string) {
  const event = getRequestEvent();
  const user = event.locals.user;
  if (!user) redirect(303, `/login?next=${encodeURIComponent(next ?? currentPath(event.url))}`);
  return user;
}

/** The posted form of this request. */
export async function readForm(): Promise<Fields> {
  return new Fields(await getRequestEvent().request.formData());
}

function failure<V extends Values, E extends Values>(
  status: number,
  data: FormFailureData<V>,
  options: FailOptions<V, E>,
): Failure<V, E> {
  const fieldErrors = options.rename
    ? Object.fromEntries(Object.entries(data.fieldErrors).map(([k, v]) => [options.rename!(k), v]))
    : data.fieldErrors;
  return fail(status, {
    ...data,
    fieldErrors,
    ...(options.form === undefined ? {} : { form: options.form }),
    ...((options.extra ?? {}) as E),
  });
}

/** A refusal decided by the page itself (a box not ticked), in the shape of every other. */
export function refuse<V extends Values = Values, E extends Values = NoExtra>(
  message: string,
  fieldErrors: Record<string, string[]> = {},
  options: FailOptions<V, E> = {},
): Failure<V, E> {
  return failure(
    400,
    { message, fieldErrors, problems: [], retryAfterSeconds: null, values: options.values ?? ({} as V) },
    options,
  );
}

/**
 * `input` checked with an API input schema (@margins/api/inputs): the parsed value, or a 400 with
 * a message per field, as the API would have answered. For actions that must refuse before their
 * first call; a single call is checked by the API itself with the same schema.
 */
export function parse<S extends z.ZodType, V extends Values = Values, E extends Values = NoExtra>(
  schema: S,
  input: unknown,
  options: FailOptions<V, E> = {},
): z.output<S> | Failure<V, E> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  return refuse(CHECK_FIELDS, fieldErrorsOf(result.error.issues), options);
}

/**
 * Runs API calls in-process as this request's user. An API refusal (4xx, or 503: it passes by
 * itself) comes back as `fail()` with its message and field messages; anything else is thrown.
 */
export async function call<T, V extends Values = Values, E extends Values = NoExtra>(
  run: (api: Caller) => Promise<T>,
  options: FailOptions<V, E> = {},
): Promise<T | Failure<V, E>> {
  try {
    return await run(await api(getRequestEvent()));
  } catch (e) {
    const refused = actionFailure(e, options.values ?? ({} as V));
    return failure(refused.status, refused.data, options);
  }
}

/** Whether the post came from `use:enhance` (it says so); a plain form post has no JavaScript behind it. */
export function enhanced(): boolean {
  return getRequestEvent().request.headers.get('x-sveltekit-action') === 'true';
}

/**
 * The common action: one API call, answered with a message on success (next to `form`, when the
 * page has several, with `extra`) and with `fail()` as `call()` maps it otherwise. `backTo`: a
 * plain form post (no JavaScript) that succeeded is sent back there (POST → redirect → GET).
 */
export async function act<T, V extends Values = Values, E extends Values = NoExtra>(
  run: (api: Caller) => Promise<T>,
  options: FailOptions<V, E> & { message: string | ((result: T) => string); backTo?: () => string },
): Promise<({ ok: true; form?: string; message: string } & E) | Failure<V, E>> {
  const result = await call(run, options);
  // Generic T: the narrowing cannot be expressed, so the two branches are told their types.
  if (isActionFailure(result)) return result as Failure<V, E>;
  if (options.backTo && !enhanced()) redirect(303, options.backTo());
  const message = typeof options.message === 'string' ? options.message : options.message(result as T);
  return {
    ...((options.extra ?? {}) as E),
    ok: true as const,
    ...(options.form === undefined ? {} : { form: options.form }),
    message,
  };
}
