// Leaving (docs/accounts.md): the account archive downloads as a zip with the story's Markdown;
// deleting the account in orphan mode keeps the story readable under "orphan account" and
// refuses the old sign-in; in delete mode (without JavaScript) the story is gone.
// The orphaned story stays public (nobody owns it), so the orphan test runs on a server of its own
// and leaves nothing on the shared one (whose home page must still show the demo story).
import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { expect, PASSWORD, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';
import { startOwnServer, type OwnServer } from './helpers/own-server';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const TEXT = 'Mark kept the ledger of every ship that passed the light.';

/** A public story of the signed-in user of `request`: one published chapter. */
async function publishedStory(request: APIRequestContext, baseURL: string) {
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(request, baseURL, path, input);
  const title = unique('Leaving Light ');
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title,
    summary: 'A keeper leaves the island.',
  });
  await mutate('story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'The Last Watch',
    upload: { source: `::: pov Mark\n${TEXT}\n:::\n`, format: 'markdown' },
  });
  await mutate('chapter.publish', { chapterId });
  await mutate('story.publish', { storyId });
  return { slug, title };
}

async function deleteAccount(page: Page, stories: 'Keep them up' | 'Delete them', password: string) {
  const card = page.locator('#leaving');
  await card.getByLabel(stories).check();
  await card.getByLabel('Your password').fill(password);
  await card.getByRole('button', { name: 'Delete my account' }).click();
}

let own: OwnServer | undefined;
test.afterAll(async () => {
  await own?.dispose();
});

test('export downloads a zip with the story Markdown; deleting in orphan mode keeps the story under "orphan account" and refuses the sign-in', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  own = await startOwnServer({ MARGINS_SIGNUPS_PER_IP_PER_HOUR: '1000' });
  const baseURL = own.origin;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const username = await signUp(page);
  const story = await publishedStory(page.request, baseURL);

  await page.goto('/account');
  const card = page.locator('#leaving');
  await expect(card.getByRole('heading', { name: 'Leaving' })).toBeVisible();
  await page.setViewportSize(DESKTOP);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: 'test-results/screens/leaving-account-1280.png' });
  await page.setViewportSize(PHONE);
  await card.screenshot({ path: 'test-results/screens/leaving-account-390.png' });
  await page.setViewportSize(DESKTOP);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Download my data (.zip)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^margins-${username}-\\d{4}-\\d\\d-\\d\\d\\.zip$`),
  );
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const markdown = strFromU8(files[`stories/${story.slug}.md`]!);
  expect(markdown).toContain(`title: ${JSON.stringify(story.title)}`);
  expect(markdown).toContain('# The Last Watch');
  expect(markdown).toContain(TEXT);
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining(['comments.json', 'reviews.json', 'settings.json', 'README.txt']),
  );

  // A wrong password deletes nothing and says so beside the field.
  await deleteAccount(page, 'Keep them up', 'not the password at all');
  await expect(page.locator('#leaving .field-error')).toHaveText('Your password is incorrect.');
  await page.locator('#leaving').screenshot({ path: 'test-results/screens/leaving-wrong-password.png' });

  await deleteAccount(page, 'Keep them up', PASSWORD);
  await expect(page).toHaveURL(/\/account\/deleted\?/);
  await expect(page.getByText('1 story stays up under the byline “orphan account”.')).toBeVisible();
  await screenshot(page, 'leaving-deleted');

  // Signed out; the story is still there for readers, under "orphan account".
  await page.goto(`/s/${story.slug}`);
  await expect(page.locator('.byline')).toHaveText('by orphan account');
  await page.goto(`/s/${story.slug}/1`);
  await expect(page.getByText(TEXT)).toBeVisible();

  await page.goto('/login');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Incorrect username, email or password.')).toBeVisible();
  await context.close();
});

test('deleting in delete mode, without JavaScript: the story answers 404', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUp(page);
  const story = await publishedStory(page.request, baseURL!);

  await page.goto('/account');
  await deleteAccount(page, 'Delete them', PASSWORD);
  await expect(page).toHaveURL(/\/account\/deleted\?/);
  await expect(page.getByText('1 story deleted.')).toBeVisible();

  const response = await page.goto(`/s/${story.slug}`);
  expect(response?.status()).toBe(404);
  await context.close();
});
