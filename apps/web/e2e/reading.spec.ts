import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, logIn, screenshot, test } from './fixtures';

const STORY = '/s/the-lighthouse-ledger';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The chapter page's shortcuts and its hint appear once the page is hydrated. */
async function hydrated(page: Page) {
  await expect(page.getByText('Keyboard:')).toBeVisible();
}

test('a reader opens the demo story from home, follows a POV and moves between chapters', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const card = page
    .getByRole('article')
    .filter({ has: page.getByRole('link', { name: 'The Lighthouse Ledger' }) });
  await expect(card.getByRole('list', { name: 'POV characters' })).toHaveText(/Mark\s*Lexie/);
  await expect(card.getByText('Chapters 3/5')).toBeVisible();
  await expect(card.getByText('Teen And Up Audiences')).toBeVisible();
  await card.getByRole('link', { name: 'The Lighthouse Ledger' }).click();

  await expect(page).toHaveURL(STORY);
  await expect(page.getByRole('heading', { level: 1, name: 'The Lighthouse Ledger' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chapter 2: Ships That Have Not Come' })).toBeVisible();
  await page.getByRole('link', { name: 'Start reading' }).click();

  // Chapter 1: two POVs, each a labelled section; a scene break; margin comment counts.
  await expect(page).toHaveURL(`${STORY}/1`);
  await expect(page.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  await expect(page.getByRole('region', { name: "Mark's POV" })).toBeVisible();
  await expect(page.getByRole('region', { name: "Lexie's POV" })).toBeVisible();
  await expect(page.getByRole('separator', { name: 'Scene break' })).toHaveCount(1);
  await expect(page.getByRole('link', { name: '1 comment' })).toHaveCount(2);
  await hydrated(page);

  // "Next Lexie section" brings her segment into view and moves focus to it.
  await page.getByRole('link', { name: 'Next Lexie section' }).click();
  await expect(page.getByRole('region', { name: "Lexie's POV" })).toBeFocused();
  await expect(page.getByRole('region', { name: "Lexie's POV" })).toBeInViewport();

  // Follow only Mark: only his segments remain, and a banner says so.
  await page.getByRole('link', { name: 'Follow only Mark' }).click();
  await expect(page).toHaveURL(`${STORY}/1?pov=Mark`);
  await expect(page.getByRole('status')).toContainText('Following Mark');
  await expect(page.locator('section.segment')).toHaveCount(1);
  await expect(page.locator('section.segment[data-pov="Lexie"]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Show all POVs' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Next Mark section' }).click();
  await expect(page.getByRole('region', { name: "Mark's POV" })).toBeFocused();

  // Keyboard: → to chapter 2 (still following Mark), ← back to chapter 1.
  await hydrated(page);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(`${STORY}/2?pov=Mark`);
  await expect(page.getByRole('heading', { level: 1, name: 'Ships That Have Not Come' })).toBeVisible();
  await expect(page.locator('section.segment[data-pov="Lexie"]')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(`${STORY}/1?pov=Mark`);
  await page.getByRole('link', { name: 'Show all POVs' }).first().click();
  await expect(page).toHaveURL(`${STORY}/1`);
  await expect(page.locator('section.segment')).toHaveCount(2);

  // n / p work too; with a modifier, or while typing, nothing happens.
  await hydrated(page);
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('n');
  await expect(page).toHaveURL(`${STORY}/2`);
  await page.keyboard.press('p');
  await expect(page).toHaveURL(`${STORY}/1`);
});

test('the story’s author is told which version they read and can ask for the draft', async ({ page }) => {
  await logIn(page, 'demo', 'margins-demo-2026');
  await page.goto(`${STORY}/1`);
  // The demo chapter has no newer draft: no "published version" notice (reading-page.spec.ts
  // shows it appear with a draft), and asking for the draft says there is none.
  await expect(page.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  await expect(page.getByText('You are reading the published version.')).toHaveCount(0);
  await page.goto(`${STORY}/1?draft=1`);
  await expect(page.getByText('There is no newer draft: this is the published text.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  await page.setViewportSize(PHONE);
  await screenshot(page, 'reading-chapter-member-phone-light');
});

test('previous and next chapter links carry rel and visible text', async ({ page }) => {
  await page.goto(`${STORY}/2`);
  await expect(page.getByRole('link', { name: /Previous chapter/ })).toHaveAttribute('rel', 'prev');
  await expect(page.getByRole('link', { name: /Next chapter/ })).toHaveAttribute('rel', 'next');
  await page.goto(`${STORY}/3`);
  await expect(page.getByRole('link', { name: /Next chapter/ })).toHaveCount(0);
  await expect(page.getByText('That is the latest chapter.')).toBeVisible();
});

test('the story and its chapters offer the feed (in the head and visibly) and the downloads', async ({
  page,
  request,
}) => {
  await page.goto(STORY);
  const feed = page.locator('link[rel="alternate"][type="application/atom+xml"]');
  await expect(feed).toHaveAttribute('href', `${STORY}/feed.xml`);
  await expect(page.getByRole('link', { name: 'Atom feed' })).toHaveAttribute('href', `${STORY}/feed.xml`);
  await page.goto(`${STORY}/2`);
  await expect(feed).toHaveAttribute('href', `${STORY}/feed.xml`);
  await expect(page.getByRole('link', { name: 'EPUB', exact: true })).toHaveAttribute(
    'href',
    `${STORY}/export.epub`,
  );
  await expect(page.getByRole('link', { name: 'Markdown', exact: true })).toHaveAttribute(
    'href',
    `${STORY}/export.md`,
  );
  const res = await request.get(`${STORY}/feed.xml`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/atom+xml');
});

test('typing in the search box does not turn pages', async ({ page }) => {
  await page.goto(`${STORY}/1`);
  await hydrated(page);
  // The header has no text input on this page, so add one the way an extension or a comment box would.
  await page.evaluate(() =>
    document.querySelector('main')?.prepend(Object.assign(document.createElement('input'), { id: 'probe' })),
  );
  await page.locator('#probe').focus();
  await page.keyboard.press('n');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(`${STORY}/1`);
});

test('a missing story, chapter or character is an error page, not a crash', async ({ page }) => {
  const story = await page.goto('/s/no-such-story');
  expect(story?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Browse stories' })).toBeVisible();

  expect((await page.goto(`${STORY}/99`))?.status()).toBe(404);
  expect((await page.goto(`${STORY}/0`))?.status()).toBe(404);
  expect((await page.goto(`${STORY}/1?pov=Nobody`))?.status()).toBe(400);
  await expect(page.getByText('This story has no POV character called “Nobody”.')).toBeVisible();
});

test('browse filters by tag, character and search, without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(STORY);
  await page.getByRole('link', { name: 'Lighthouses' }).click();
  await expect(page).toHaveURL('/browse?tag=freeform%3ALighthouses');
  await expect(page.getByRole('heading', { level: 2, name: 'The Lighthouse Ledger' })).toBeVisible();

  await page.goto('/browse?tag=freeform:No%20Such%20Tag');
  await expect(page.getByText('No public stories match.')).toBeVisible();

  await page.goto('/browse');
  await page.getByLabel('POV character', { exact: true }).fill('lexie');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL('/browse?character=lexie');
  await expect(page.getByRole('heading', { level: 2, name: 'The Lighthouse Ledger' })).toBeVisible();

  await page.goto('/');
  await page.getByLabel('Search stories').fill('ledger ships');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL('/browse?q=ledger+ships');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Stories matching “ledger ships”' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'The Lighthouse Ledger' })).toBeVisible();
  await page.getByRole('link', { name: 'Remove search “ledger ships”' }).click();
  await expect(page).toHaveURL('/browse');
  await context.close();
});

test('reading works with JavaScript disabled', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${STORY}/1`);
  await expect(page.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  await expect(page.getByText('The ink was dry.')).toBeVisible();
  await expect(page.getByText('Keyboard:')).toHaveCount(0);

  await page.getByRole('link', { name: 'Follow only Lexie' }).click();
  await expect(page).toHaveURL(`${STORY}/1?pov=Lexie`);
  await expect(page.getByText('Following Lexie')).toBeVisible();
  await expect(page.locator('section.segment')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Next Lexie section' })).toHaveAttribute('href', /^#seg-\d+$/);

  await page.getByRole('link', { name: /Next chapter/ }).click();
  await expect(page).toHaveURL(`${STORY}/2?pov=Lexie`);
  await expect(page.getByRole('heading', { level: 1, name: 'Ships That Have Not Come' })).toBeVisible();
  await expect(page.locator('section.segment[data-pov="Lexie"]')).toHaveCount(1);
  await context.close();
});

test('on a phone the chapter has no horizontal scroll and the legend sits above the text', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  for (const path of ['/', '/browse', STORY, `${STORY}/1`, `${STORY}/1?pov=Mark`]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  const legend = await page.getByRole('complementary', { name: 'Points of view' }).boundingBox();
  const text = await page.locator('section.segment').first().boundingBox();
  expect(legend && text && legend.y + legend.height <= text.y).toBe(true);
});

test('screenshots: home, story and chapter, desktop and phone, light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const [name, path] of [
        ['home', '/'],
        ['story', STORY],
        ['chapter', `${STORY}/1`],
        ['chapter-following', `${STORY}/2?pov=Lexie`],
      ]) {
        await page.goto(path!);
        await screenshot(page, `reading-${name}-${size}-${scheme}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(DESKTOP);
  await page.goto('/s/no-such-story');
  await screenshot(page, 'reading-404-desktop-light');
});

// The budget was 60 KB until the one-tap verdict, the subscribe buttons, live thread updates and
// the reading-position beacon came to this page (2026-12-03: 61.7 KB), then 64 KB; the typed tRPC
// client with superjson (one client everywhere), j/k keys and the read-through beacon brought it to
// 73 KB. 76 KB holds the line while that is taken back (the review form and the outdated tray
// could load on demand).
test('the chapter page loads at most 76 KB of gzipped JavaScript', async ({ page }) => {
  const scripts = new Map<string, number>();
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && !response.url().endsWith('.js')) return;
    try {
      scripts.set(response.url(), gzipSync(await response.body(), { level: 9 }).length);
    } catch {
      // A redirect or aborted request has no body; nothing to count.
    }
  });
  await page.goto(`${STORY}/1`);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  const report = {
    page: `${STORY}/1`,
    files: scripts.size,
    gzipBytes: total,
    gzipKB: Math.round((total / 1024) * 10) / 10,
    chunks: [...scripts]
      .map(([url, bytes]) => ({ file: new URL(url).pathname, gzipBytes: bytes }))
      .sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/reading-js.json', JSON.stringify(report, null, 2));
  console.log(`Chapter page JavaScript: ${report.files} files, ${report.gzipKB} KB gzipped`);
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(76 * 1024);
});
