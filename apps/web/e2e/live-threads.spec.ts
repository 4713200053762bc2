// Threads on demand and live updates that carry the change (issue 16): a reader's page applies
// another reader's comment from the event itself — the count and the underlined words — and
// fetches only the one thread it has open; it never fetches the chapter's thread list or summary
// for a public comment. Makes its own story and takes it off the lists at the end.
import type { Page, Request } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const HARBOUR = 'The harbour lights came on one by one, and the ferry was late again.';
const GULLS = 'Mara counted the gulls on the pier while the tea went cold in her cup.';

function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return trpcMutation<T>(page.request, page.url(), path, input);
}

const passage = (page: Page, words: string) => page.locator('[data-passage]').filter({ hasText: words });
const margin = (page: Page, words: string) => page.locator('.passage').filter({ has: passage(page, words) });
const underlined = (page: Page) =>
  page.evaluate(() =>
    [
      ...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('margins-commented') ??
        []),
    ].map((r) => r.toString()),
  );

test('a live comment updates another reader’s count, words and open thread without fetching the list', async ({
  page,
  browser,
}) => {
  await signUp(page);
  const story = await mutate<{ id: string; slug: string }>(page, 'story.create', {
    title: unique('Live Threads '),
    summary: 'Gulls and lights.',
  });
  const { chapterId } = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'The Pier',
    upload: { source: `${HARBOUR}\n\n${GULLS}\n`, format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  const url = `/s/${story.slug}/1`;

  const writerContext = await browser.newContext();
  const writer = await writerContext.newPage();
  await signUp(writer);
  await writer.goto(url);
  const keyOf = (words: string) => passage(writer, words).getAttribute('data-passage');
  const gullsKey = (await keyOf('counted the gulls')) as string;
  const harbourKey = (await keyOf('harbour lights')) as string;
  const thread = await mutate<{ id: string }>(writer, 'comment.create', {
    chapterId,
    passageKey: gullsKey,
    body: 'First thread on the gulls.',
    type: 'reaction',
    visibility: 'public',
  });

  // The reader opens the gulls passage's panel (its threads load now), then listens.
  const readerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const reader = await readerContext.newPage();
  await signUp(reader);
  await reader.goto(url);
  await expect(reader.getByText('Keyboard:')).toBeVisible();
  await margin(reader, 'counted the gulls').getByRole('link', { name: '1 comment' }).click();
  const panel = reader.getByRole('complementary', { name: /Comments on this passage/ });
  await expect(panel.getByText('First thread on the gulls.')).toBeVisible();
  await expect(reader.getByText('Loading comments…')).toHaveCount(0);
  // Let the stream's `ready` refetch settle before counting requests.
  await reader.waitForLoadState('networkidle').catch(() => {});

  const requests: string[] = [];
  const record = (r: Request) => {
    const m = /\/api\/trpc\/([^?]+)/.exec(r.url());
    if (m) requests.push(m[1] as string);
  };
  reader.on('request', record);

  // A reply in the open thread: the panel shows it; only that thread was fetched.
  await mutate(writer, 'comment.create', {
    chapterId,
    parentId: thread.id,
    body: 'A reply arrives live.',
    type: 'reaction',
    visibility: 'public',
  });
  await expect(panel.getByText('A reply arrives live.')).toBeVisible();
  await expect(margin(reader, 'counted the gulls').getByRole('link', { name: '2 comments' })).toBeVisible();

  // A phrase comment on another passage: its count and words come with the event, no request.
  await mutate(writer, 'comment.create', {
    chapterId,
    passageKey: harbourKey,
    start: 4,
    end: 18,
    body: 'The lights!',
    type: 'reaction',
    visibility: 'public',
  });
  await expect(margin(reader, 'harbour lights').getByRole('link', { name: '1 comment' })).toBeVisible();
  await expect.poll(() => underlined(reader)).toContain('harbour lights');
  await expect(reader.getByText('1 new comment')).toBeAttached();

  reader.off('request', record);
  expect(requests).toEqual(['comment.thread']);
  await screenshot(reader, 'live-thread-open-desktop');
  await reader.setViewportSize({ width: 390, height: 844 });
  await screenshot(reader, 'live-thread-open-phone');

  // Off the lists again, so later tests still find the demo story among the home page's newest.
  await mutate(page, 'story.unpublish', { storyId: story.id });
  await writerContext.close();
  await readerContext.close();
});
