// Profiles and mutes (docs/profiles.md), end to end: an author sets a display name, bio and links
// on /account; a reader follows the byline to /u/<name> (public stories only); the reader mutes a
// commenter and the comment disappears for them, not for its author. Screens: test-results/screens/.
import type { Browser, Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSAGE = 'The keeper wrote the tide into the ledger every night at nine.';

function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return trpcMutation<T>(page.request, page.url(), path, input);
}

async function person(browser: Browser) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const name = await signUp(page);
  return { context, page, name };
}

async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

test('a display name and bio on /account, the profile from a byline, and a muted commenter hidden for the reader only', async ({
  page,
  browser,
}) => {
  // The author: a public story with one chapter, and a private one that must never be listed.
  const author = await signUp(page);
  const story = await mutate<{ id: string; slug: string }>(page, 'story.create', {
    title: unique('Tide Ledger '),
  });
  const chapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'Nine O’Clock',
    upload: { source: `${PASSAGE}\n\nThe lamp did not care.\n`, format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: chapter.chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  const secret = await mutate<{ id: string }>(page, 'story.create', { title: unique('Secret Drafts ') });
  const secretChapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: secret.id,
    title: 'Hidden',
    upload: { source: 'Nobody reads this.\n', format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: secretChapter.chapterId });

  try {
    // Profile on /account: a bad link is refused with the form kept, then saved.
    const displayName = unique('Keeper ');
    await page.goto('/account');
    const card = page.locator('#profile');
    await card.getByLabel('Display name').fill(displayName);
    await card.getByLabel('About you').fill('I keep a lighthouse.\nAnd a ledger of tides.');
    await card.getByLabel('Links').fill('https://example.com/keeper\njavascript:alert(1)');
    await card.getByRole('button', { name: 'Save profile' }).click();
    await expect(card.getByText('Links must start with https:// or http://.')).toBeVisible();
    await expect(card.getByLabel('Display name')).toHaveValue(displayName);
    await card.getByLabel('Links').fill('https://example.com/keeper');
    await card.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
    await page.reload();
    await expect(card.getByLabel('About you')).toHaveValue('I keep a lighthouse.\nAnd a ledger of tides.');
    await both(page, 'profiles-account');

    // A commenter writes on the passage.
    const commenter = await person(browser);
    const url = `/s/${story.slug}/1`;
    await commenter.page.goto(url);
    const key = await commenter.page
      .locator('[data-passage]')
      .filter({ hasText: 'wrote the tide' })
      .getAttribute('data-passage');
    await mutate(commenter.page, 'comment.create', {
      chapterId: chapter.chapterId,
      passageKey: key,
      body: 'Nine is far too early for tides.',
    });

    // A reader opens the chapter; the byline shows the display name and leads to the profile.
    const reader = await person(browser);
    await reader.page.goto(url);
    await reader.page.getByRole('link', { name: displayName }).first().click();
    await expect(reader.page).toHaveURL(`/u/${author}`);
    await expect(reader.page.getByRole('heading', { level: 1, name: displayName })).toBeVisible();
    await expect(reader.page.getByText(`@${author}`)).toBeVisible();
    await expect(reader.page.getByText('And a ledger of tides.')).toBeVisible();
    const link = reader.page.getByRole('link', { name: 'example.com/keeper' });
    await expect(link).toHaveAttribute('href', 'https://example.com/keeper');
    await expect(link).toHaveAttribute('rel', /nofollow ugc noopener/);
    await expect(reader.page.getByRole('link', { name: /Tide Ledger/ })).toBeVisible();
    await expect(reader.page.getByText(/Secret Drafts/)).toHaveCount(0);
    // Following the author from their profile (new chapters of every story they write), and back.
    await reader.page.getByRole('button', { name: `Follow ${displayName}` }).click();
    await expect(reader.page.getByRole('button', { name: `Following ${displayName} ✓` })).toBeVisible();
    await reader.page.getByRole('button', { name: `Following ${displayName} ✓` }).click();
    await expect(reader.page.getByRole('button', { name: `Follow ${displayName}` })).toBeVisible();
    await both(reader.page, 'profiles-page');

    // An unknown name is a 404.
    const missing = await reader.page.goto(`/u/${unique('nobody')}`);
    expect(missing?.status()).toBe(404);

    // The reader sees the comment, follows its author's name to their profile, and mutes them.
    await reader.page.goto(url);
    await expect(reader.page.getByText('Keyboard:')).toBeVisible();
    const margin = reader.page.locator('.passage').filter({ hasText: 'wrote the tide' });
    await margin.getByRole('link', { name: '1 comment' }).click();
    const panel = reader.page.getByRole('complementary', { name: /Comments on this passage/ });
    await expect(panel.getByText('Nine is far too early for tides.')).toBeVisible();
    await expect(panel.getByRole('link', { name: commenter.name })).toHaveAttribute(
      'href',
      `/u/${commenter.name}`,
    );
    await both(reader.page, 'profiles-comment-menu');
    await panel.getByRole('button', { name: `Mute ${commenter.name}` }).click();
    await expect(panel.getByText('Nine is far too early for tides.')).toHaveCount(0);
    await reader.page.reload();
    await expect(reader.page.getByText('Nine is far too early for tides.')).toHaveCount(0);

    // Only for the reader: the commenter still sees it.
    await commenter.page.goto(`${url}?comment=${key}`);
    await expect(commenter.page.getByText('Nine is far too early for tides.').first()).toBeVisible();

    // The profile says so and unmutes; /account lists nobody afterwards.
    await reader.page.goto(`/u/${commenter.name}`);
    await expect(reader.page.getByText('their comments are hidden from you')).toBeVisible();
    await both(reader.page, 'profiles-muted');
    await reader.page.getByRole('button', { name: `Unmute ${commenter.name}` }).click();
    await expect(reader.page.getByRole('button', { name: `Mute ${commenter.name}` })).toBeVisible();
    await reader.page.goto('/account');
    await expect(reader.page.locator('#profile').getByText('Nobody.')).toBeVisible();
    await reader.page.goto(`${url}?comment=${key}`);
    await expect(reader.page.getByText('Nine is far too early for tides.').first()).toBeVisible();

    await commenter.context.close();
    await reader.context.close();
  } finally {
    // The home page lists only the newest stories: leave it as it was.
    await mutate(page, 'story.delete', { storyId: story.id });
    await mutate(page, 'story.delete', { storyId: secret.id });
  }
});
