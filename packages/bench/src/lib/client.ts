// A small HTTP client for load and fault runs: same-origin tRPC calls with a session cookie,
// timing every request. 127.0.0.1 only.
import { createAuth } from '@margins/auth';
import superjson from 'superjson';
import type { Database } from '@margins/db';
import { PASSWORD } from './fixture';

export interface Sample {
  kind: string;
  status: number;
  ms: number;
  /** Set when the request failed before a response (connection refused or reset, timeout). */
  error?: string;
}

export async function timedFetch(
  kind: string,
  url: string,
  init: RequestInit,
  samples: Sample[] | null,
  timeoutMs = 30_000,
): Promise<{ sample: Sample; body: string }> {
  const t0 = performance.now();
  let sample: Sample;
  let body = '';
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    body = await res.text();
    sample = { kind, status: res.status, ms: performance.now() - t0 };
  } catch (error) {
    sample = {
      kind,
      status: 0,
      ms: performance.now() - t0,
      error: (error as Error).cause ? String((error as Error).cause) : String(error),
    };
  }
  samples?.push(sample);
  return { sample, body };
}

export function trpcPost(
  origin: string,
  path: string,
  input: unknown,
  token: string | null,
): [string, RequestInit] {
  return [
    `${origin}/api/trpc/${path}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'sec-fetch-site': 'same-origin',
        ...(token ? { cookie: `margins_session=${token}` } : {}),
      },
      body: JSON.stringify(superjson.serialize(input)),
    },
  ];
}

export function trpcGet(
  origin: string,
  path: string,
  input: unknown,
  token: string | null = null,
): [string, RequestInit] {
  return [
    `${origin}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`,
    { headers: token ? { cookie: `margins_session=${token}` } : {} },
  ];
}

/** A successful answer's data, decoded from the wire format (superjson, docs/api.md). */
export function trpcData<T>(body: string): T {
  return superjson.deserialize<T>((JSON.parse(body) as { result: { data: never } }).result.data);
}

/** Session tokens for users made by makeUsers (PASSWORD), each logged in from its own address. */
export async function sessionTokens(db: Database, usernames: string[]): Promise<string[]> {
  const auth = createAuth(db);
  const tokens: string[] = [];
  for (const [i, login] of usernames.entries())
    tokens.push(
      (await auth.logIn({ login, password: PASSWORD, ip: `10.9.${Math.floor(i / 250)}.${i % 250}` })).token,
    );
  return tokens;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
