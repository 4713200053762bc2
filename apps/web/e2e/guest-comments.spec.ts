// Guest comments, held (issue 19, item 2): the owner turns them on under Moderation; a guest
// comments on a passage with a name (without JavaScript, and with it on a phone), is told it
// awaits the author's approval, and nobody else sees it until the author approves it; then a
// reader sees it marked "guest". The story is deleted at the end (the home page lists only the
// newest stories).
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return trpcMutation<T>(page.request, page.url(), path, input);
}

async function publishedStory(page: Page) {
  await signUp(page);
  const story = await mutate<{ id: string; slug: string }>(page, 'story.create', {
    title: unique('Harbour Book '),
    summary: 'Guests may talk.',
  });
  const source = 'The ferry counted the gulls at dawn.\n\nNobody answered the harbour bell.\n';
  const chapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'Low Water',
    upload: { source, format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: chapter.chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  return {
    id: story.id,
    url: `/s/${story.slug}/1`,
    remove: () => mutate(page, 'story.delete', { storyId: story.id }),
  };
}

async function guest(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  return { context, page: await context.newPage() };
}

const passage = (page: Page, words: string): Locator =>
  page.locator('[data-passage]').filter({ hasText: words });
const margin = (page: Page, words: string): Locator =>
  page.locator('.passage').filter({ has: passage(page, words) });
const HELD = 'Thank you! Your comment is awaiting the author’s approval.';

test('a guest comments on a passage, waits for approval, and a reader sees it once the author approves', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);

  // Off by default: a guest is asked to log in.
  const before = await guest(browser, { javaScriptEnabled: false });
  await before.page.goto(story.url);
  await margin(before.page, 'counted the gulls')
    .getByRole('link', { name: 'Comment on this passage' })
    .click();
  await expect(before.page.getByText('to comment.')).toBeVisible();
  await expect(before.page.getByLabel('Your name')).toHaveCount(0);
  await before.context.close();

  // The owner turns them on.
  await page.goto(`/write/${story.id}/moderation`);
  const setting = page.getByRole('region', { name: 'Comments from guests' });
  await expect(setting.getByText('Off', { exact: true })).toBeVisible();
  await setting.getByRole('button', { name: 'Turn on' }).click();
  await expect(setting.getByText('On', { exact: true })).toBeVisible();

  // A guest without JavaScript: a plain form under the passage.
  const a = await guest(browser, { javaScriptEnabled: false });
  await a.page.goto(story.url);
  await margin(a.page, 'counted the gulls').getByRole('link', { name: 'Comment on this passage' }).click();
  const inline = a.page.getByRole('region', { name: 'Comments on this passage' });
  await inline.getByLabel('Your name').fill('Ann Harbour');
  await inline.getByLabel('Your comment').fill('The gulls as a clock: lovely.');
  await inline.getByRole('button', { name: 'Post comment' }).click();
  await expect(a.page.getByRole('status').filter({ hasText: HELD })).toBeVisible();
  // Not shown, not even to the guest who wrote it, until approved.
  await expect(a.page.getByText('The gulls as a clock: lovely.')).toHaveCount(0);
  await screenshot(a.page, 'guest-comment-held-desktop');

  // A guest with JavaScript, on a phone: the bottom sheet.
  const b = await guest(browser, { viewport: PHONE });
  await b.page.goto(story.url);
  await expect(b.page.getByText('Keyboard:')).toBeAttached(); // hydrated
  await margin(b.page, 'harbour bell').getByRole('link', { name: 'Comment on this passage' }).click();
  const panel = b.page.getByRole('complementary', { name: /Comments on this passage/ });
  await panel.getByLabel('Your name').fill('Bo');
  await panel.getByLabel('Your comment').fill('Who rang it?');
  await panel.getByRole('button', { name: 'Post comment' }).click();
  await expect(panel.getByRole('status').filter({ hasText: HELD })).toBeVisible();
  await screenshot(b.page, 'guest-comment-held-phone');

  // Nobody else sees either before approval: another guest, and a signed-in reader.
  const c = await guest(browser);
  await c.page.goto(story.url);
  await expect(c.page.getByText('Keyboard:')).toBeVisible();
  await expect(
    margin(c.page, 'counted the gulls').getByRole('link', { name: 'Comment on this passage' }),
  ).toBeVisible();
  await expect(
    margin(c.page, 'harbour bell').getByRole('link', { name: 'Comment on this passage' }),
  ).toBeVisible();
  const r = await guest(browser);
  await signUp(r.page);
  await r.page.goto(story.url);
  await expect(r.page.getByText('Keyboard:')).toBeVisible();
  await margin(r.page, 'counted the gulls').getByRole('link', { name: 'Comment on this passage' }).click();
  const readerPanel = r.page.getByRole('complementary', { name: /Comments on this passage/ });
  await expect(readerPanel.getByText('No comments here yet. Be the first.')).toBeVisible();
  await expect(r.page.getByText('The gulls as a clock: lovely.')).toHaveCount(0);

  // The author approves Ann's in the moderation queue, where both wait, marked as guests'.
  await page.goto(`/write/${story.id}/moderation`);
  const queue = page.getByRole('region', { name: /Waiting for approval/ });
  await expect(queue.getByText('Ann Harbour (guest)')).toBeVisible();
  await expect(queue.getByText('Bo (guest)')).toBeVisible();
  await screenshot(page, 'guest-comment-queue-desktop');
  await queue.getByRole('button', { name: 'Approve the comment by Ann Harbour (guest)' }).click();
  await expect(page.getByText('Comment approved: it is visible now.')).toBeVisible();

  // A reader now sees Ann's, with "guest" beside the name; Bo's still waits.
  await c.page.goto(story.url);
  await expect(c.page.getByText('Keyboard:')).toBeVisible();
  await margin(c.page, 'counted the gulls').getByRole('link', { name: '1 comment' }).click();
  const seen = c.page.getByRole('complementary', { name: /Comments on this passage/ });
  const comment = seen.getByRole('article', { name: 'Comment by Ann Harbour' });
  await expect(comment).toContainText('The gulls as a clock: lovely.');
  await expect(comment.getByText('guest', { exact: true })).toBeVisible();
  await expect(
    margin(c.page, 'harbour bell').getByRole('link', { name: 'Comment on this passage' }),
  ).toBeVisible();
  await screenshot(c.page, 'guest-comment-approved-desktop');
  const phone = await guest(browser, { viewport: PHONE });
  await phone.page.goto(story.url);
  await expect(phone.page.getByText('Keyboard:')).toBeAttached();
  await margin(phone.page, 'counted the gulls').getByRole('link', { name: '1 comment' }).click();
  await expect(phone.page.getByRole('article', { name: 'Comment by Ann Harbour' })).toBeVisible();
  await screenshot(phone.page, 'guest-comment-approved-phone');

  for (const x of [a, b, c, r, phone]) await x.context.close();
  await story.remove();
});
