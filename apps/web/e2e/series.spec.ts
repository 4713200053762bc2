// A series as an author makes it and a reader follows it: two works put in a series from
// /write/series (plain forms), then, logged out, part 1 shows "Part 1 of …", "Next work" leads to
// part 2, and the series page lists both in order. A private third work in the series is never
// shown or counted. Everything published here is deleted at the end. Screens: test-results/screens/.
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

test('an author makes a two-part series; a reader follows "Next work" from part 1 to part 2', async ({
  browser,
  baseURL,
}) => {
  const authorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const author = await authorContext.newPage();
  await signUp(author);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(author.request, baseURL!, path, input);
  const series = unique('The Harbour Years ');
  const made: string[] = [];
  async function work(title: string, publish: boolean) {
    const story = await mutate<{ id: string; slug: string }>('story.create', {
      title,
      summary: `${title}: the harbour, again.`,
    });
    made.push(story.id);
    const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
      storyId: story.id,
      title: 'Low Water',
      upload: { source: `The boats sat in the mud of ${title}.\n`, format: 'markdown' },
    });
    await mutate('chapter.publish', { chapterId });
    if (publish) await mutate('story.publish', { storyId: story.id });
    return { ...story, title };
  }
  const one = await work(unique('Spring Tide '), true);
  const two = await work(unique('Neap Tide '), true);
  const hidden = await work(unique('Secret Tide '), false);

  try {
    // The author: a new series with part 1, then parts added at the end from the same page.
    await author.goto(`/write/series?story=${one.id}`);
    await author.getByLabel('Title').first().fill(series);
    await expect(author.getByLabel('First work (optional)')).toHaveValue(one.id);
    await author.getByRole('button', { name: 'Create series' }).click();
    await expect(author.getByRole('heading', { name: series })).toBeVisible();
    const card = author.locator('section.series', { has: author.getByRole('heading', { name: series }) });
    for (const w of [hidden, two]) {
      await card.getByLabel('Add a work').selectOption(w.id);
      await card.getByRole('button', { name: 'Add to series' }).click();
      await expect(card.getByRole('link', { name: w.title })).toBeVisible();
    }
    // The private work sits between them for its author, marked; readers will never see it.
    await expect(card.getByText('Not public: readers do not see it')).toHaveCount(1);
    await expect(card.locator('.parts li')).toHaveText([
      new RegExp(`Part 1\\s*${one.title}`),
      new RegExp(`Part 2\\s*${hidden.title}`),
      new RegExp(`Part 3\\s*${two.title}`),
    ]);
    await screenshot(author, 'series-write-1280');
    await author.setViewportSize({ width: 390, height: 844 });
    await screenshot(author, 'series-write-390');

    // A reader (logged out): part 1 says where it sits, "Next work" skips the private part.
    const readerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await readerContext.newPage();
    await page.goto(`/s/${one.slug}`);
    const nav = page.getByRole('navigation', { name: `Series: ${series}` });
    await expect(nav).toContainText(`Part 1 of ${series}`);
    await expect(nav.getByRole('link', { name: /Previous work/ })).toHaveCount(0);
    await screenshot(page, 'series-story-part1-1280');
    await nav.getByRole('link', { name: /Next work/ }).click();
    await expect(page).toHaveURL(new RegExp(`/s/${two.slug}$`));
    await expect(page.getByRole('heading', { level: 1, name: two.title })).toBeVisible();
    await expect(nav).toContainText(`Part 2 of ${series}`);
    await expect(nav.getByRole('link', { name: /Next work/ })).toHaveCount(0);
    // The first chapter of the work shows its place too.
    await page.goto(`/s/${two.slug}/1`);
    await expect(nav).toContainText(`Part 2 of ${series}`);
    await expect(nav.getByRole('link', { name: /Previous work/ })).toHaveAttribute('href', `/s/${one.slug}`);
    await screenshot(page, 'series-chapter-part2-1280');

    // The series page: both public works, in order, numbered 1 and 2; the private one nowhere.
    await nav.getByRole('link', { name: series }).click();
    await expect(page.getByRole('heading', { level: 1, name: series })).toBeVisible();
    const parts = page.getByRole('list', { name: 'Works in this series' }).getByRole('listitem');
    await expect(parts).toHaveCount(2);
    await expect(parts.nth(0)).toContainText('Part 1');
    await expect(parts.nth(0).getByRole('heading', { name: one.title })).toBeVisible();
    await expect(parts.nth(1)).toContainText('Part 2');
    await expect(parts.nth(1).getByRole('heading', { name: two.title })).toBeVisible();
    await expect(page.getByText(hidden.title)).toHaveCount(0);
    await expect(page.getByText('2 works')).toBeVisible();
    await screenshot(page, 'series-page-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'series-page-390');
    await page.goto(`/s/${one.slug}`);
    await screenshot(page, 'series-story-part1-390');
    await readerContext.close();
  } finally {
    for (const id of made) await mutate('story.delete', { storyId: id });
    await authorContext.close();
  }
});
