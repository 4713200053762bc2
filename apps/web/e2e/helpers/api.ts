// tRPC over HTTP for browser tests: the same endpoint and the same client (createTRPCClient with
// superjson, as the pages and the CLI use) as a same-origin caller, its requests sent through a
// Playwright request context so they carry that context's session cookie.
import { expect, type APIRequestContext } from '@playwright/test';
import { createTRPCClient, getUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@margins/api';

export const DEMO_PASSWORD = 'margins-demo-2026';

/** Same-origin headers: the CSRF guard refuses API mutations without them. */
export function sameOrigin(baseURL: string) {
  return {
    origin: new URL(baseURL).origin,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/json',
  };
}

/** `fetch` over a Playwright request context (its cookie jar, its base URL). */
function fetchThrough(request: APIRequestContext): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const res = await request.fetch(url, {
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(init?.body === undefined || init.body === null ? {} : { data: init.body as string }),
      timeout: 120_000,
    });
    return new Response(new Uint8Array(await res.body()), { status: res.status(), headers: res.headers() });
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The typed client, as the logged-in user of `request` (if any). */
export function apiClient(request: APIRequestContext, baseURL: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${new URL(baseURL).origin}/api/trpc`,
        transformer: superjson,
        headers: sameOrigin(baseURL),
        fetch: fetchThrough(request),
      }),
    ],
  });
}

/** A call by its dotted path, for tests that name procedures as data. Fails the test on an error answer. */
async function call<T>(
  type: 'query' | 'mutation',
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
): Promise<T> {
  const client = getUntypedClient(apiClient(request, baseURL));
  try {
    return (await (type === 'query' ? client.query(path, input) : client.mutation(path, input))) as T;
  } catch (error) {
    const status =
      error instanceof TRPCClientError
        ? (error.data as { httpStatus?: number } | undefined)?.httpStatus
        : undefined;
    expect(status ?? 0, `${path}: ${(error as Error).message}`).toBe(200);
    throw error;
  }
}

export function trpcMutation<T = unknown>(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
): Promise<T> {
  return call<T>('mutation', request, baseURL, path, input);
}

export function trpcQuery<T = unknown>(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
): Promise<T> {
  return call<T>('query', request, baseURL, path, input);
}

// The wire format, for tests about HTTP itself (status codes, headers, CSRF) that must send or
// read a raw request: superjson's envelope, `{"json": …, "meta": …}` (docs/api.md).

/** A query's URL: `/api/trpc/<path>?input=<superjson>`. */
export function queryUrl(path: string, input?: unknown): string {
  return input === undefined
    ? `/api/trpc/${path}`
    : `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

/** A mutation's JSON body. */
export const wire = (input: unknown) => superjson.serialize(input);

/** An answer's `result.data` (or `error`), decoded. */
export function fromWire<T>(body: unknown): {
  result?: { data: T };
  error?: { message: string; data?: { code?: string; httpStatus?: number } & Record<string, unknown> };
} {
  const b = body as { result?: { data: unknown }; error?: unknown };
  return {
    ...(b.result ? { result: { data: superjson.deserialize(b.result.data as never) } } : {}),
    ...(b.error ? { error: superjson.deserialize(b.error as never) } : {}),
  };
}

export async function trpcQueryStatus(
  request: APIRequestContext,
  path: string,
  input: unknown,
): Promise<number> {
  const res = await request.get(queryUrl(path, input));
  return res.status();
}

export async function apiLogIn(
  request: APIRequestContext,
  baseURL: string,
  login: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await apiClient(request, baseURL).auth.logIn.mutate({ login, password });
}

export const chapterSource = (text: string) => `::: pov Mark\n${text}\n:::\n`;

/** A story owned by the logged-in user of `request`, with one POV character and chapters. */
export async function apiStory(
  request: APIRequestContext,
  baseURL: string,
  options: {
    title: string;
    summary?: string;
    chapters: { title: string; text: string; publish: boolean }[];
    publishStory: boolean;
  },
): Promise<{ storyId: string; slug: string; chapterIds: string[] }> {
  const api = apiClient(request, baseURL);
  const { id: storyId, slug } = await api.story.create.mutate({
    title: options.title,
    ...(options.summary === undefined ? {} : { summary: options.summary }),
  });
  await api.story.addCharacter.mutate({ storyId, name: 'Mark', color: '#1f6feb' });
  const chapterIds: string[] = [];
  for (const c of options.chapters) {
    const { chapterId } = await api.chapter.create.mutate({
      storyId,
      title: c.title,
      upload: { source: chapterSource(c.text), format: 'markdown' },
    });
    if (c.publish) await api.chapter.publish.mutate({ chapterId });
    chapterIds.push(chapterId);
  }
  if (options.publishStory) await api.story.publish.mutate({ storyId });
  return { storyId, slug, chapterIds };
}
