// The one-tap verdict (issue 19, item 1): a guest taps Yay without an account and the count
// moves, a second tap from the same browser does not double it, the author's switch stops it;
// a signed-in reader's tap unfolds the ratings and text. Each test makes its own story and
// deletes it at the end (the home page lists only the newest stories).
import type { Browser, Page } from '@playwright/test';
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
    title: unique('Tide Tables '),
    summary: 'A yay or a nay.',
  });
  const source = 'The tide came in twice that day.\n\nNobody believed the tables any more.\n';
  const chapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'Spring Tide',
    upload: { source, format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: chapter.chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  return {
    id: story.id,
    slug: story.slug,
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

const end = (page: Page) => page.getByRole('region', { name: 'Yay or nay?' });
const top = (page: Page) => page.getByRole('region', { name: 'Your verdict' });

test('a guest taps Yay without an account; a second tap does not double it; the author’s switch stops it', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);

  // No JavaScript: a plain form post.
  const a = await guest(browser, { javaScriptEnabled: false });
  await a.page.goto(story.url);
  await expect(end(a.page).getByText('0 yay · 0 nay')).toBeVisible();
  await end(a.page).getByRole('button', { name: 'Yay' }).click();
  await expect(end(a.page).getByText('1 yay · 0 nay')).toBeVisible();
  await expect(end(a.page).getByText(/You said yay/)).toBeVisible();
  await expect(end(a.page).getByRole('button', { name: 'Yay' })).toHaveAttribute('aria-pressed', 'true');
  // The same browser taps again, from the top of the page this time: still one.
  await a.page.goto(story.url);
  await top(a.page).getByRole('button', { name: 'Yay' }).click();
  await expect(top(a.page).getByText('1 yay · 0 nay')).toBeVisible();

  // Another browser, with JavaScript, on a phone: its own verdict, then it changes its mind.
  const b = await guest(browser, { viewport: PHONE });
  await b.page.goto(story.url);
  await expect(b.page.getByText('Keyboard:')).toBeAttached(); // hydrated (the hint is hidden on a phone)
  await end(b.page).getByRole('button', { name: 'Nay' }).click();
  await expect(end(b.page).getByText('1 yay · 1 nay')).toBeVisible();
  await expect(end(b.page).getByRole('button', { name: 'Nay' })).toHaveAttribute('aria-pressed', 'true');
  await end(b.page).scrollIntoViewIfNeeded();
  await screenshot(b.page, 'guest-verdict-phone');
  await end(b.page).getByRole('button', { name: 'Yay' }).click();
  await expect(end(b.page).getByText('2 yay · 0 nay')).toBeVisible();
  // A reload (a fresh copy for everyone, or the cached one): the count, and this browser's choice once JavaScript runs.
  await b.page.reload();
  await expect(end(b.page).getByText('2 yay · 0 nay')).toBeVisible();
  await expect(end(b.page).getByRole('button', { name: 'Yay' })).toHaveAttribute('aria-pressed', 'true');

  // The author sees guests and members apart.
  await page.goto(`/dashboard/${story.id}`);
  const audience = page.getByRole('region', { name: 'Members and guests' });
  await expect(audience.getByRole('row', { name: /Spring Tide/ })).toContainText(
    '0 yay · 0 nay2 yay · 0 nay2 yay · 0 nay',
  );
  await screenshot(page, 'guest-verdict-dashboard');

  // The author switches guest verdicts off: no buttons, and a post made anyway is refused.
  await page.goto(`/write/${story.id}/moderation`);
  const settings = page.getByRole('region', { name: 'Verdicts from guests' });
  await settings.getByRole('button', { name: 'Turn off' }).click();
  await expect(settings.getByText('Off', { exact: true })).toBeVisible();
  const c = await guest(browser, { javaScriptEnabled: false });
  await c.page.goto(story.url);
  await expect(c.page.getByRole('button', { name: 'Yay' })).toHaveCount(0);
  await expect(c.page.getByText('Log in to give your verdict on this story.')).toBeVisible();
  await a.page.goto(story.url);
  const refused = await a.page.request.post(`${story.url}?/verdict`, {
    form: { verdict: 'nay' },
    headers: { origin: new URL(a.page.url()).origin, accept: 'text/html' },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('signed-in readers only');
  await c.page.reload();
  await expect(c.page.getByText('2 yay · 0 nay').first()).toBeVisible();

  await story.remove();
  for (const g of [a, b, c]) await g.context.close();
});

test('a signed-in reader taps once, the ratings and text unfold, and the verdict can be changed', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);
  const context = await browser.newContext({ viewport: DESKTOP });
  const r = await context.newPage();
  await signUp(r);
  await r.goto(story.url);
  await expect(r.getByText('Keyboard:')).toBeVisible();
  await top(r).getByRole('button', { name: 'Yay' }).click();
  const form = r.locator('form.review-form');
  await expect(form.getByRole('heading', { name: 'Add ratings and a few words' })).toBeVisible();
  await expect(top(r).getByText('1 yay · 0 nay')).toBeVisible();
  await screenshot(r, 'member-verdict-unfolded');
  await form.getByRole('radio', { name: 'Pacing: 4 of 5' }).check({ force: true });
  await form.getByLabel(/What worked/).fill('The tables were the best part.');
  await form.getByRole('button', { name: 'Update review' }).click();
  await expect(
    r.getByRole('region', { name: 'Reviews of this chapter' }).getByText('The tables were the best part.'),
  ).toBeVisible();
  // Changing the verdict with one tap keeps the rating and the text.
  await end(r).getByRole('button', { name: 'Nay' }).click();
  await expect(end(r).getByText('0 yay · 1 nay')).toBeVisible();
  const mine = r
    .getByRole('region', { name: 'Reviews of this chapter' })
    .getByRole('listitem')
    .filter({ hasText: 'The tables were the best part.' });
  await expect(mine).toContainText('Pacing 4/5');
  await expect(mine).toContainText('Nay');

  await story.remove();
  await context.close();
});
