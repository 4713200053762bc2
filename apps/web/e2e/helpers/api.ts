// tRPC over HTTP for browser tests: the same endpoint the pages use, as a same-origin client.
import { expect, type APIRequestContext } from '@playwright/test';

export const DEMO_PASSWORD = 'margins-demo-2026';

/** Same-origin headers: the CSRF guard refuses API mutations without them. */
export function sameOrigin(baseURL: string) {
  return { origin: new URL(baseURL).origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
}

export async function trpcMutation<T = unknown>(request: APIRequestContext, baseURL: string, path: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${path}`, { headers: sameOrigin(baseURL), data: input });
  const body = await res.text();
  expect(res.status(), `${path}: ${body}`).toBe(200);
  return (JSON.parse(body) as { result: { data: T } }).result.data;
}

export async function trpcQueryStatus(request: APIRequestContext, path: string, input: unknown): Promise<number> {
  const res = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  return res.status();
}

export async function apiLogIn(request: APIRequestContext, baseURL: string, login: string, password = DEMO_PASSWORD): Promise<void> {
  await trpcMutation(request, baseURL, 'auth.logIn', { login, password });
}

export const chapterSource = (text: string) => `::: pov Mark\n${text}\n:::\n`;

/** A story owned by the logged-in user of `request`, with one POV character and chapters. */
export async function apiStory(
  request: APIRequestContext,
  baseURL: string,
  options: { title: string; summary?: string; chapters: { title: string; text: string; publish: boolean }[]; publishStory: boolean },
): Promise<{ storyId: string; slug: string; chapterIds: string[] }> {
  const { id: storyId, slug } = await trpcMutation<{ id: string; slug: string }>(request, baseURL, 'story.create', { title: options.title, summary: options.summary });
  await trpcMutation(request, baseURL, 'story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  const chapterIds: string[] = [];
  for (const c of options.chapters) {
    const { chapterId } = await trpcMutation<{ chapterId: string }>(request, baseURL, 'chapter.create', { storyId, title: c.title, upload: { source: chapterSource(c.text), format: 'markdown' } });
    if (c.publish) await trpcMutation(request, baseURL, 'chapter.publish', { chapterId });
    chapterIds.push(chapterId);
  }
  if (options.publishStory) await trpcMutation(request, baseURL, 'story.publish', { storyId });
  return { storyId, slug, chapterIds };
}
