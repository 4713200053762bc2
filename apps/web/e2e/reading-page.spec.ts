// The reading page, fixed (issue 19 item 8), on a chapter with five alternating POV sections:
// "Next Mark section" steps through every Mark section, j / k move between passages, the POV's
// name stays on screen mid-section, the author's "published version" notice only when a newer
// draft exists, and the header's unread count agrees with the inbox after a comment is removed.
import type { Browser, Page } from '@playwright/test';
import { expect, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Twelve paragraphs per section, long enough that a section is taller than the window. */
function section(pov: string, n: number): string {
  const paragraphs = Array.from(
    { length: 12 },
    (_, i) =>
      `${pov}, section ${n}, paragraph ${i + 1}: the lamp room hummed while the tide turned under the rocks, and nobody on the jetty spoke of the ships that had not come home, though every one of them was counting.`,
  );
  return `::: pov ${pov}\n${paragraphs.join('\n\n')}\n:::\n`;
}
const CHAPTER = [
  section('Mark', 1),
  section('Lexie', 1),
  section('Mark', 2),
  section('Lexie', 2),
  section('Mark', 3),
].join('\n');

async function setUp(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  const author = await context.newPage();
  const username = await signUp(author);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(author.request, baseURL, path, input);
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title: unique('Tide Tables '),
    summary: 'Two keepers.',
  });
  await mutate('story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  await mutate('story.addCharacter', { storyId, name: 'Lexie', color: '#c2410c' });
  const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'Low Water',
    upload: { source: CHAPTER, format: 'markdown' },
  });
  await mutate('chapter.publish', { chapterId });
  await mutate('story.publish', { storyId });
  return { context, author, username, mutate, storyId, chapterId, url: `/s/${slug}/1` };
}

async function hydrated(page: Page) {
  await expect(page.getByText('Keyboard:')).toBeVisible();
}

test('a reader steps through POV sections and passages, and always sees whose POV it is', async ({
  browser,
  baseURL,
}) => {
  const s = await setUp(browser, baseURL!);
  try {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(s.url);
    await hydrated(page);
    // The keys are announced with the chapter keys.
    await expect(page.getByText('Keyboard:')).toContainText('j k for the next and previous passage');

    // "Next Mark section": the first, the second, the third, then round to the first.
    const mark = page.locator('section.segment[data-pov="Mark"]');
    const next = page.getByRole('link', { name: 'Next Mark section' });
    for (const i of [0, 1, 2, 0]) {
      await next.click();
      await expect(mark.nth(i)).toBeFocused();
      await expect(mark.nth(i)).toBeInViewport();
    }

    // j / k: from the top, the first passage, the second, back to the first.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('h1').click();
    const passages = page.locator('[data-passage]');
    await page.keyboard.press('j');
    await expect(passages.nth(0)).toBeFocused();
    await page.keyboard.press('j');
    await expect(passages.nth(1)).toBeFocused();
    await expect(passages.nth(1)).toBeInViewport();
    await page.keyboard.press('k');
    await expect(passages.nth(0)).toBeFocused();
    // Into the next section: twelve passages on, Lexie's first.
    for (let i = 0; i < 12; i++) await page.keyboard.press('j');
    await expect(passages.nth(12)).toBeFocused();
    await expect(passages.nth(12)).toHaveText(/^Lexie, section 1, paragraph 1:/);

    // Mid-section (Mark's second section, its eighth paragraph at the middle of the window) the
    // section's start is far above, yet its name is on screen.
    const middle = mark.nth(1).locator('[data-passage]').nth(7);
    await middle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const label = mark.nth(1).locator('.pov-label');
    await expect(label).toHaveText('Mark');
    await expect(label).toBeInViewport();
    await expect(mark.nth(1).locator('[data-passage]').first()).not.toBeInViewport();
    await page.screenshot({ path: 'test-results/screens/reading-sticky-pov-1280.png' });
    await page.setViewportSize(PHONE);
    await middle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await expect(label).toBeInViewport();
    await page.screenshot({ path: 'test-results/screens/reading-sticky-pov-390.png' });
    await context.close();
  } finally {
    await s.mutate('story.unpublish', { storyId: s.storyId });
    await s.context.close();
  }
});

test('the author is told about the published version only when a newer draft exists', async ({
  browser,
  baseURL,
}) => {
  const s = await setUp(browser, baseURL!);
  try {
    const notice = s.author.getByText('You are reading the published version.');
    await s.author.goto(s.url);
    await expect(s.author.getByRole('heading', { level: 1, name: 'Low Water' })).toBeVisible();
    await expect(notice).toHaveCount(0);
    // A newer draft: now the notice, with its link to the draft.
    await s.mutate('chapter.edit', {
      chapterId: s.chapterId,
      upload: { source: `${CHAPTER}\n::: pov Mark\nA new last line.\n:::\n`, format: 'markdown' },
    });
    await s.author.reload();
    await expect(notice).toBeVisible();
    await s.author.getByRole('link', { name: 'Read the current draft' }).click();
    await expect(s.author.getByText('A new last line.')).toBeVisible();
  } finally {
    await s.mutate('story.unpublish', { storyId: s.storyId });
    await s.context.close();
  }
});

test('the header’s unread count and the inbox agree after a comment is removed', async ({
  browser,
  baseURL,
}) => {
  const s = await setUp(browser, baseURL!);
  try {
    const readerContext = await browser.newContext({ viewport: DESKTOP });
    const reader = await readerContext.newPage();
    await signUp(reader);
    await reader.goto(s.url);
    const passageKey = await reader.locator('[data-passage]').first().getAttribute('data-passage');
    const { id: commentId } = await trpcMutation<{ id: string }>(reader.request, baseURL!, 'comment.create', {
      chapterId: s.chapterId,
      passageKey,
      body: 'Soon to be withdrawn, this remark.',
    });

    const page = s.author;
    const inbox = page.getByRole('link', { name: /^Notifications/ });
    await page.goto('/notifications');
    await expect(inbox).toHaveAttribute('aria-label', 'Notifications, 1 unread');
    await expect(page.getByText('1 unread', { exact: true })).toBeVisible();
    await expect(page.getByText(/Soon to be withdrawn/)).toBeVisible();

    // The reader deletes the comment; the author comes back to the inbox within the app (the
    // layout's own load does not run again on such a navigation).
    await trpcMutation(reader.request, baseURL!, 'comment.delete', { commentId });
    await page.getByRole('link', { name: 'Library' }).click();
    await page.waitForURL('**/library');
    await inbox.click();
    await page.waitForURL('**/notifications');
    await expect(page.getByText('All caught up.')).toBeVisible();
    await expect(page.getByText(/Soon to be withdrawn/)).toHaveCount(0);
    await expect(inbox).toHaveAttribute('aria-label', 'Notifications');
    await readerContext.close();
  } finally {
    await s.mutate('story.unpublish', { storyId: s.storyId });
    await s.context.close();
  }
});
