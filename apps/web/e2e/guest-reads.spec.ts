// Reads from everyone (issue 19, item 3): a logged-out read is counted once per day, without
// JavaScript; a bot's and a prefetch are not. The story is deleted at the end.
import type { Browser, Page } from '@playwright/test';
import { expect, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';

function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return trpcMutation<T>(page.request, page.url(), path, input);
}

async function visitor(browser: Browser, userAgent: string) {
  const context = await browser.newContext({ userAgent, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

/** Opens the chapter and waits until its read beacon has been answered. */
async function open(page: Page, url: string): Promise<void> {
  const beacon = page.waitForResponse((r) => r.url().endsWith('/1/read.gif'));
  await page.goto(url);
  expect((await beacon).status()).toBe(200);
}

test('a logged-out read is counted once per day without JavaScript; a bot’s and a prefetch are not', async ({
  page,
  browser,
}) => {
  await signUp(page);
  const story = await mutate<{ id: string; slug: string }>(page, 'story.create', {
    title: unique('Lamp Oil '),
    summary: 'Counted honestly.',
  });
  const chapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'Wick',
    upload: { source: 'The lamp smoked all night.\n', format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: chapter.chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  const url = `/s/${story.slug}/1`;

  const a = await visitor(browser, FIREFOX);
  // The same reader three times: counted once. (The beacon is its own request, so a page served
  // from the cache asks for it as a fresh render does.)
  await open(a.page, url);
  await open(a.page, url);
  await open(a.page, url);
  const b = await visitor(browser, CHROME);
  await open(b.page, url);
  const bot = await visitor(browser, BOT);
  await open(bot.page, url);
  // A prefetch of the beacon is nobody reading.
  await b.page.request.get(`${url}/read.gif`, { headers: { 'sec-purpose': 'prefetch' } });

  await page.goto(`/dashboard/${story.id}`);
  const row = page.getByRole('region', { name: 'Members and guests' }).getByRole('row', { name: /Wick/ });
  // Reads: members 0, guests 2 (Firefox and Chrome), total 2.
  await expect(row.getByRole('cell').nth(1)).toHaveText('0');
  await expect(row.getByRole('cell').nth(2)).toHaveText('2');
  await expect(row.getByRole('cell').nth(3)).toHaveText('2');

  await mutate(page, 'story.delete', { storyId: story.id });
  for (const v of [a, b, bot]) await v.context.close();
});
