// Mature and Explicit stories ask a logged-out reader before the text (as the archives do):
// without JavaScript, remembered in a cookie, never asked of signed-in readers — and the
// anonymous page cache neither hands a confirmed reader's page to someone who has not
// confirmed, nor the question to someone who has. Screens go to test-results/screens/.
import type { Browser, Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TEXT = 'The lamp room smelled of paraffin and old rope.';

/**
 * A new author's public story with the given rating and one published chapter. `unpublish` takes
 * it off the lists again, so the home page still shows the demo story to the tests after these.
 */
async function ratedStory(page: Page, baseURL: string, rating: string) {
  await signUp(page);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(page.request, baseURL, path, input);
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title: unique('Lamp Room '),
    summary: 'Two keepers, one storm.',
    rating,
    warnings: ['graphic_violence', 'major_character_death'],
    expectedChapters: 3,
  });
  const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'Paraffin',
    upload: { source: `${TEXT}\n`, format: 'markdown' },
  });
  await mutate('chapter.publish', { chapterId });
  await mutate('story.publish', { storyId });
  return { slug, chapter: `/s/${slug}/1`, unpublish: () => mutate('story.unpublish', { storyId }) };
}

async function anonymous(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  return { context, page: await context.newPage() };
}

test('a Mature story asks a logged-out reader before the text, without JavaScript, and remembers the answer', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ratedStory(page, baseURL!, 'mature');
  const { context, page: visitor } = await anonymous(browser, { javaScriptEnabled: false });

  // The story page shows what it is (no text yet), without asking.
  await visitor.goto(`/s/${story.slug}`);
  await expect(visitor.getByRole('group', { name: 'About this work' })).toContainText('Mature');
  await expect(visitor.getByRole('group', { name: 'About this work' })).toContainText(
    'Graphic Depictions Of Violence, Major Character Death',
  );
  await expect(visitor.getByRole('group', { name: 'About this work' })).toContainText('1/3');

  await visitor.getByRole('link', { name: 'Start reading' }).click();
  await expect(visitor).toHaveURL(new RegExp(`/s/${story.slug}/adult\\?next=`));
  await expect(visitor.getByRole('heading', { name: 'This work could have adult content.' })).toBeVisible();
  await expect(visitor.getByText(TEXT)).toHaveCount(0);
  await screenshot(visitor, 'gate-1280');
  await visitor.setViewportSize(PHONE);
  await screenshot(visitor, 'gate-390');
  await visitor.setViewportSize(DESKTOP);

  await visitor.getByRole('button', { name: 'Yes, continue' }).click();
  await expect(visitor).toHaveURL(new RegExp(`${story.chapter}$`));
  await expect(visitor.getByText(TEXT)).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'view_adult');
  expect(cookie).toMatchObject({ value: 'true', httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 30 * 24 * 3600);

  // Remembered: the chapter, the whole work and the downloads open straight away.
  const again = await context.newPage();
  await again.goto(story.chapter);
  await expect(again.getByText(TEXT)).toBeVisible();
  await again.goto(`/s/${story.slug}/all`);
  await expect(again.getByText(TEXT)).toBeVisible();
  expect((await context.request.get(`/s/${story.slug}/export.epub`, { maxRedirects: 0 })).status()).toBe(200);
  await context.close();

  // Downloads ask too, then bring the reader back to the story's download links.
  const fresh = await anonymous(browser);
  const download = await fresh.context.request.get(`/s/${story.slug}/export.epub`, { maxRedirects: 0 });
  expect(download.status()).toBe(303);
  expect(download.headers().location).toBe(
    `/s/${story.slug}/adult?next=${encodeURIComponent(`/s/${story.slug}#downloads`)}`,
  );
  // "No, go back" leaves without confirming.
  await fresh.page.goto(story.chapter);
  await fresh.page.getByRole('link', { name: 'No, go back' }).click();
  await expect(fresh.page).toHaveURL(/\/$/);
  expect((await fresh.context.cookies()).some((c) => c.name === 'view_adult')).toBe(false);
  await fresh.context.close();
  await story.unpublish();
});

test('signed-in readers are not asked; General and Not Rated stories ask nobody', async ({
  page,
  browser,
  baseURL,
}) => {
  const mature = await ratedStory(page, baseURL!, 'explicit');
  const reader = await browser.newContext({ viewport: DESKTOP });
  const readerPage = await reader.newPage();
  await signUp(readerPage);
  await readerPage.goto(mature.chapter);
  await expect(readerPage.getByText(TEXT)).toBeVisible();
  await reader.close();
  await mature.unpublish();

  for (const rating of ['general', 'not_rated']) {
    const author = await browser.newContext();
    const story = await ratedStory(await author.newPage(), baseURL!, rating);
    const { context, page: visitor } = await anonymous(browser);
    await visitor.goto(story.chapter);
    await expect(visitor.getByText(TEXT)).toBeVisible();
    await context.close();
    await story.unpublish();
    await author.close();
  }
});

test('the page cache never gives a confirmed reader’s page to someone who has not confirmed, nor the question to someone who has', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ratedStory(page, baseURL!, 'mature');
  const confirmed = await anonymous(browser);
  await confirmed.page.goto(story.chapter);
  await confirmed.page.getByRole('button', { name: 'Yes, continue' }).click();
  await expect(confirmed.page.getByText(TEXT)).toBeVisible();
  const unconfirmed = await anonymous(browser);

  const get = async (who: typeof confirmed) => {
    const res = await who.context.request.get(story.chapter, { maxRedirects: 0 });
    return {
      status: res.status(),
      cache: res.headers()['x-margins-cache'],
      location: res.headers().location,
      body: await res.text(),
    };
  };
  const asked = async () => {
    const res = await get(unconfirmed);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/s/${story.slug}/adult?next=${encodeURIComponent(story.chapter)}`);
    expect(res.body).not.toContain(TEXT);
  };
  // Asked first: the question is not kept for anyone, so the confirmed reader gets the text…
  await asked();
  const first = await get(confirmed);
  expect(first.status).toBe(200);
  expect(first.body).toContain(TEXT);
  // …which is cached for confirmed readers…
  const second = await get(confirmed);
  expect(second.status).toBe(200);
  expect(second.cache).toBe('hit');
  expect(second.body).toContain(TEXT);
  // …and never served to a reader who has not confirmed: they are asked, every time.
  await asked();
  await asked();
  expect((await get(confirmed)).body).toContain(TEXT);
  await confirmed.context.close();
  await unconfirmed.context.close();
  await story.unpublish();
});

test('after confirming, a reader is only ever sent to a page of the same story', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ratedStory(page, baseURL!, 'mature');
  const { context } = await anonymous(browser);
  const post = (next: string) =>
    context.request.post(`/s/${story.slug}/adult`, {
      form: { next },
      headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
      maxRedirects: 0,
    });
  for (const next of [
    'https://evil.example/',
    '//evil.example/x',
    '/s/other-story/1',
    `/s/${story.slug}-evil/1`,
    '/\\evil.example',
  ]) {
    const res = await post(next);
    expect(res.status(), next).toBe(303);
    expect(res.headers().location, next).toBe(`/s/${story.slug}`);
  }
  expect((await post(`${story.chapter}?pov=Mark`)).headers().location).toBe(`${story.chapter}?pov=Mark`);
  // The question page's own link follows the same rule.
  const gate = await context.request.get(
    `/s/${story.slug}/adult?next=${encodeURIComponent('https://evil.example/')}`,
  );
  expect(await gate.text()).not.toContain('evil.example');
  await context.close();
  await story.unpublish();
});
