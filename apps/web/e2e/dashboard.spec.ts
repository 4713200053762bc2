// The author's review dashboard, end to end on the production build: two readers open, review
// and comment on a chapter of the demo story; the author's dashboard then shows exactly that
// many more reads, readers, reviews and comments, and the heatmap counts them on the passage.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, logIn, screenshot, signUp, test } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const DEMO_PASSWORD = 'margins-demo-2026';

/** A tRPC mutation over HTTP, as the app's own pages send it (same-origin, session cookie). */
async function mutate(request: APIRequestContext, baseURL: string, path: string, input: unknown) {
  return { result: { data: await trpcMutation(request, baseURL, path, input) } };
}

const statValue = (page: Page, label: string) =>
  page
    .locator('.stat', { has: page.locator('.label', { hasText: new RegExp(`^${label}$`) }) })
    .locator('.value');
const asNumber = async (page: Page, label: string) =>
  Number((await statValue(page, label).innerText()).replace(/[^0-9]/g, ''));

test('readers review and comment; the author’s dashboard shows the matching counts and heatmap', async ({
  page,
  browser,
  baseURL,
}) => {
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|unsafe-eval/i.test(m.text()))
      cspErrors.push(m.text());
  });

  // The author's figures before.
  await logIn(page, 'demo', DEMO_PASSWORD);
  // Reached from the header, and from the story's card on the authoring page.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole('link', { name: 'The Lighthouse Ledger' }).click();
  await expect(page).toHaveURL(/\/dashboard\/[^/]+$/);
  const fromHeader = page.url();
  await page.goto('/write');
  await page
    .getByRole('listitem')
    .filter({ hasText: 'The Lighthouse Ledger' })
    .getByRole('link', { name: /^Dashboard/ })
    .click();
  await expect(page).toHaveURL(fromHeader);
  await expect(page.getByRole('heading', { level: 1, name: 'The Lighthouse Ledger' })).toBeVisible();
  const storyPath = new URL(page.url()).pathname;
  const before = {
    reads: await asNumber(page, 'Reads'),
    readers: await asNumber(page, 'Readers'),
    reviews: await asNumber(page, 'Reviews'),
    comments: await asNumber(page, 'Comments'),
  };
  const chapterLink = page.getByRole('link', { name: '1. The Hour Before', exact: true });
  const chapterPath = (await chapterLink.getAttribute('href'))!;
  const chapterId = chapterPath.split('/').at(-1)!;
  await page.goto(chapterPath);
  const firstPassage = page.locator('li.passage').first();
  const passageKey = (await firstPassage.getAttribute('id'))!.replace('passage-', '');
  const passageBefore = Number(await firstPassage.locator('.count strong').innerText());
  await page.getByRole('button', { name: /Log out/ }).click();

  // Two readers open chapter 1 (the reading page records the Read), review it and comment.
  const readers = [
    {
      verdict: 'yay',
      pacing: 5,
      type: 'critique',
      body: 'The tide line here is lovely, but who is speaking?',
    },
    { verdict: 'nay', pacing: 2, type: 'typo', body: 'Typo: “ledgre” in the first line.' },
  ] as const;
  const names: string[] = [];
  for (const r of readers) {
    const context = await browser.newContext();
    const reader = await context.newPage();
    names.push(await signUp(reader));
    await reader.goto('/s/the-lighthouse-ledger/1');
    await expect(reader.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
    // Opening the page counted the Read; opening it again within 24 hours is not another one.
    await reader.reload();
    await expect(reader.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
    const again = await mutate(reader.request, baseURL!, 'reading.recordRead', { chapterId });
    expect(again.result.data).toEqual({ counted: false, reason: 'recent' });
    await mutate(reader.request, baseURL!, 'review.upsert', {
      chapterId,
      verdict: r.verdict,
      pacing: r.pacing,
      body: `A ${r.verdict} from a reader.`,
    });
    await mutate(reader.request, baseURL!, 'comment.create', {
      chapterId,
      passageKey,
      body: r.body,
      type: r.type,
    });
    await context.close();
  }

  // The author's dashboard: exactly two more of each, and the passage counts both comments.
  await logIn(page, 'demo', DEMO_PASSWORD);
  await page.goto(storyPath);
  await expect(statValue(page, 'Reads')).toHaveText(String(before.reads + 2));
  await expect(statValue(page, 'Readers')).toHaveText(String(before.readers + 2));
  await expect(statValue(page, 'Reviews')).toHaveText(String(before.reviews + 2));
  await expect(statValue(page, 'Comments')).toHaveText(String(before.comments + 2));
  await expect(page.locator('.chart[data-ready="true"]').first()).toBeVisible();
  await page.setViewportSize(DESKTOP);
  await screenshot(page, 'dashboard-story-desktop');

  await page.goto(chapterPath);
  const passage = page.locator(`#passage-${passageKey}`);
  await expect(passage.locator('.count strong')).toHaveText(String(passageBefore + 2));
  await expect(passage.locator('.types')).toContainText('1 critique');
  await expect(passage.locator('.types')).toContainText('1 typo');
  // The busiest passage gets the darkest shade, and its number is printed beside it.
  await expect(passage).toHaveClass(/heat-5/);
  await screenshot(page, 'dashboard-chapter-desktop');

  // The inbox lists both, unread; a typo filter finds one; the link jumps to the passage.
  await page.goto(`${storyPath}/feedback?seen=unread`);
  for (const r of readers) await expect(page.getByText(r.body)).toBeVisible();
  await page.getByLabel('Type').selectOption('typo');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText(readers[1].body)).toBeVisible();
  await expect(page.getByText(readers[0].body)).toHaveCount(0);
  const item = page.locator('li.item', { hasText: readers[1].body });
  await item.getByRole('button', { name: 'Mark read' }).click();
  await expect(page.getByText(readers[1].body)).toHaveCount(0); // the unread filter hides it now
  await page.goto(`${storyPath}/feedback?type=typo`);
  await screenshot(page, 'dashboard-feedback-desktop');
  await page
    .locator('li.item', { hasText: readers[1].body })
    .getByRole('link', { name: 'Jump to the passage' })
    .click();
  await expect(page).toHaveURL(new RegExp(`#passage-${passageKey}$`));
  await expect(page.locator(`#passage-${passageKey}`)).toHaveClass(/focus/);

  // CSV of a table.
  const csv = await page.request.get(`${storyPath}/csv/chapters`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toContain('attachment');
  expect(await csv.text()).toMatch(/^chapter,title,status,reads,readers/);

  // Phone widths.
  await page.setViewportSize(PHONE);
  await page.goto('/dashboard');
  await screenshot(page, 'dashboard-list-phone');
  await page.goto(storyPath);
  await expect(page.locator('.chart[data-ready="true"]').first()).toBeVisible();
  await screenshot(page, 'dashboard-story-phone');
  await page.goto(chapterPath);
  await screenshot(page, 'dashboard-chapter-phone');
  await page.setViewportSize(DESKTOP);
  await page.goto('/dashboard');
  await screenshot(page, 'dashboard-list-desktop');

  expect(cspErrors).toEqual([]);
});

test('the dashboard asks for a login and hides other people’s stories', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard/);
  await signUp(page);
  await page.goto('/dashboard');
  await expect(page.getByText('You are not the owner or co-author of any story yet.')).toBeVisible();
  const response = await page.goto('/dashboard/not-a-story');
  expect(response?.status()).toBe(404);
});
