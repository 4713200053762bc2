// Read-through as the author sees it: a guest (no account) reads half a chapter, and the
// dashboard's line moves — the share reaching each passage, and per POV who finishes its sections.
import { expect, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// Headless Chromium says "HeadlessChrome", which is a bot to the counters: a browser's own words.
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

const section = (pov: string) =>
  `::: pov ${pov}\n${Array.from({ length: 10 }, (_, i) => `${pov}'s paragraph ${i + 1}: the harbour lights came on one by one, and the boats that were late stayed late, and the ledger stayed open on the desk.`).join('\n\n')}\n:::\n`;

test('a guest reads half a chapter and the dashboard’s read-through line moves', async ({
  browser,
  baseURL,
}) => {
  const authorContext = await browser.newContext({ viewport: DESKTOP });
  const author = await authorContext.newPage();
  await signUp(author);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(author.request, baseURL!, path, input);
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title: unique('Harbour Lights '),
    summary: 'Two keepers.',
  });
  await mutate('story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  await mutate('story.addCharacter', { storyId, name: 'Lexie', color: '#c2410c' });
  const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'Evening',
    upload: { source: `${section('Mark')}\n${section('Lexie')}`, format: 'markdown' },
  });
  await mutate('chapter.publish', { chapterId });
  await mutate('story.publish', { storyId });
  try {
    const dashboard = `/dashboard/${storyId}/chapters/${chapterId}`;
    await author.goto(dashboard);
    const figure = author.getByRole('region', { name: 'Read-through' });
    await expect(figure.getByText('No reader has scrolled through this chapter yet.')).toBeVisible();

    // A guest reads into Lexie's section (her third paragraph) and stays a moment.
    const guestContext = await browser.newContext({ viewport: DESKTOP, userAgent: BROWSER });
    const guest = await guestContext.newPage();
    await guest.goto(`/s/${slug}/1`);
    await expect(guest.getByText('Keyboard:')).toBeVisible();
    const target = guest.locator('[data-passage]').nth(12);
    const key = await target.getAttribute('data-passage');
    const beacon = guest.waitForResponse(
      (r) => r.url().endsWith('/api/position') && r.request().postData()?.includes(`"${key}"`) === true,
    );
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await beacon;
    await guestContext.close();

    // The line: everyone reached ¶1–¶13, nobody ¶14 on; Mark's section finished, Lexie's not.
    await author.reload();
    await expect(figure.getByText('1 reader counted;', { exact: false })).toBeVisible();
    await expect(figure.getByText('100 % of readers finish Mark’s sections')).toBeVisible();
    await expect(figure.getByText('0 % of readers finish Lexie’s sections')).toBeVisible();
    const heat = author
      .getByRole('list', { name: 'Passages with their comment counts' })
      .locator('li.passage');
    await expect(heat.nth(0)).toContainText('100 % got here');
    await expect(heat.nth(12)).toContainText('100 % got here');
    await expect(heat.nth(13)).toContainText('0 % got here');
    await expect(author.locator('.chart[data-ready="true"]').first()).toBeVisible();
    await author.screenshot({ path: 'test-results/screens/read-through-1280.png', fullPage: false });
    await figure.scrollIntoViewIfNeeded();
    await author.screenshot({ path: 'test-results/screens/read-through-figure-1280.png' });
    await author.setViewportSize(PHONE);
    await figure.scrollIntoViewIfNeeded();
    await author.screenshot({ path: 'test-results/screens/read-through-390.png' });
    await heat.nth(12).scrollIntoViewIfNeeded();
    await author.screenshot({ path: 'test-results/screens/read-through-heatmap-390.png' });
  } finally {
    await mutate('story.unpublish', { storyId });
    await authorContext.close();
  }
});
