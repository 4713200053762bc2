// tRPC setup: the request context, error formatting, and procedures named by the guarantee
// they give. Routers stay thin; access rules live in the services, and only there (services/access.ts).
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import type { Database } from '@margins/db';
import type { Auth, SessionUser } from './auth';
import { defaultParsePool, type ChapterParser } from './services/parse/pool';
import type { TokenScope } from './services/token/api-tokens';
import { ServiceError, toTRPCError } from './errors';
import { enforceRateLimit, type LimitedAction } from './services/rate-limits';
import { requireSiteAdmin } from './services/admin/site-admins';

export interface SessionCookies {
  setSession(token: string, expiresAt: Date): void;
  clearSession(): void;
}

export interface Context {
  db: Database;
  auth: Auth;
  /** The user of a session validated once per request by the app (hooks.server.ts). */
  user: SessionUser | null;
  sessionId: string | null;
  clientAddress: string;
  userAgent: string | null;
  now: () => Date;
  cookies: SessionCookies;
  /** Where uploads are parsed: the app's parse pool (worker threads with limits). */
  parser: ChapterParser;
  /**
   * Set when the request authenticated with a personal access token (`Authorization: Bearer`)
   * instead of a session: a read token may call queries only.
   */
  tokenScope?: TokenScope | null;
  /** A bearer token was sent but refused (unknown, mistyped or revoked): every call answers 401. */
  tokenRefused?: boolean;
}

/** What the app passes per request; the clock defaults to the wall clock, the parser to the default pool. */
export type CreateContextOptions = Omit<Context, 'now' | 'user' | 'sessionId' | 'userAgent' | 'parser'> &
  Partial<Pick<Context, 'now' | 'user' | 'sessionId' | 'userAgent' | 'parser'>>;

export function createContext(options: CreateContextOptions): Context {
  return {
    user: null,
    sessionId: null,
    userAgent: null,
    now: () => new Date(),
    ...options,
    parser: options.parser ?? defaultParsePool(),
  };
}

/** Zod issues keyed by their input path, so a form can put each message under its field. */
function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * The most calls one HTTP request may batch (`?batch=1`; enforced by the endpoint, http.ts).
 * Without a cap one small POST could carry a thousand `story.create` calls or hundreds of
 * previews and hold the server for seconds; our own pages and the CLI never batch. A larger
 * batch is refused whole with 400, before any call runs.
 */
export const MAX_BATCH_SIZE = 10;
export const BATCH_TOO_LARGE_MESSAGE = `A request may batch at most ${MAX_BATCH_SIZE} calls; send the rest in further requests.`;
/** tRPC's own wording for a refused batch, replaced by ours (which says what the limit is). */
const TRPC_BATCH_TOO_LARGE = 'Batch call exceeds maximum size';

function messageOf(error: TRPCError, fallback: string): string {
  // Internal errors keep their cause for the server log (onError) but never reach a client.
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on our side.';
  if (error.code === 'BAD_REQUEST' && error.message === TRPC_BATCH_TOO_LARGE) return BATCH_TOO_LARGE_MESSAGE;
  return fallback;
}

const t = initTRPC.context<Context>().create({
  // One wire format (docs/api.md): superjson, so a Date sent or returned is a Date on the other
  // side, and the clients (the browser's, the CLI's, the tests') all use createTRPCClient with the
  // same transformer. RouterOutputs then describe what a client receives, Dates included.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const details = cause instanceof ServiceError ? cause.details : {};
    // Stacks belong in the server log (the adapter's onError), never in a response.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: messageOf(error, shape.message),
      data: {
        ...data,
        fieldErrors: cause instanceof ZodError ? fieldErrorsOf(cause) : (details.fieldErrors ?? null),
        problems: details.problems ?? null,
        retryAfterSeconds: details.retryAfterSeconds ?? null,
        limitBytes: details.limitBytes ?? null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Maps ServiceError and AuthError onto tRPC codes; everything else passes through. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const TOKEN_REFUSED_MESSAGE =
  'Your token was refused (revoked or mistyped). Create a new one under Account → API tokens.';

/**
 * Personal access tokens: a refused token never falls back to anonymous access (a script would
 * silently see less), and a read token may not change anything. Here rather than in the app, so
 * in-process callers get the same rule.
 */
const tokenRules = t.middleware(({ ctx, type, next }) => {
  if (ctx.tokenRefused) throw new TRPCError({ code: 'UNAUTHORIZED', message: TOKEN_REFUSED_MESSAGE });
  if (ctx.tokenScope === 'read' && type !== 'query') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message:
        'This token is read-only: it can fetch but not change anything. Create a token with the write scope to do this.',
    });
  }
  return next();
});

/** True when a NUL character hides anywhere in a JSON-like value. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

/**
 * PostgreSQL cannot store U+0000 in text, so any input carrying one would fail deep inside a
 * write. One rule for every procedure turns it into a clear 400 before anything runs.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput())) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'The text contains a NUL character (U+0000), which cannot be stored. Remove it and try again.',
    });
  }
  return next();
});

/** Anyone, logged in or not. Services still hide what the caller may not see. */
export const publicProcedure = t.procedure.use(mapServiceErrors).use(refuseNul).use(tokenRules);

/** A logged-in user: `ctx.user` is non-null. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in to do this.' });
  return next({ ctx: { user: ctx.user } });
});

export const SESSION_ONLY_MESSAGE =
  'Do this on the website (Account), signed in: an API token cannot change the password, sessions or tokens.';

/**
 * A logged-in user with a session, not an API token: the password, sessions and tokens. A leaked
 * token must not be able to lock its owner out, mint more tokens or survive by changing the password.
 */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.tokenScope) throw new TRPCError({ code: 'FORBIDDEN', message: SESSION_ONLY_MESSAGE });
  return next();
});

/**
 * A site admin, signed in with a session (docs/admin.md). Everyone else — anonymous callers,
 * ordinary users, API tokens (a leaked token must not act as an admin) — gets NOT_FOUND, the
 * answer of a procedure that does not exist. Checked on every call against the user row, so a
 * revoked or suspended admin loses access at once. `ctx.admin` is the actor the audit log names.
 */
export const siteAdminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.tokenScope) throw new TRPCError({ code: 'NOT_FOUND', message: 'Page not found.' });
  const admin = await requireSiteAdmin(ctx.db.prisma, ctx.user?.id ?? null);
  return next({ ctx: { admin } });
});

/**
 * A logged-in caller naming a story by `input.storyId`. Who may act on the story is decided in
 * ONE place, the service the procedure calls (services/access.ts: requireStoryRole and friends),
 * so the pages, the CLI, jobs and tests that call services directly get the same answer as HTTP
 * callers; a story the caller cannot see answers NOT_FOUND there, never FORBIDDEN.
 */
export const storyProcedure = authedProcedure.input(z.object({ storyId: z.string().min(1) }));

/**
 * Counts the call against the caller's per-action limit (services/rate-limits.ts): placed after
 * `.input()`, so only well-formed calls count, and before the service (which checks access and
 * does the work), so calls it refuses count too — probing is limited like working. A full window answers 429 with retryAfterSeconds. In the router rather than the
 * services, because services compose (an import creates a story and its chapters: one request).
 */
export function rateLimited(action: LimitedAction) {
  return t.middleware(async ({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in to do this.' });
    await enforceRateLimit({ db: ctx.db, userId: ctx.user.id, action, now: ctx.now() });
    return next();
  });
}
