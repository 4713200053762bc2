// Browse narrows by what a reader wants and what they exclude, without JavaScript: the filter
// sidebar is a GET form, the URL carries every choice, and each option shows how many of the
// stories matching now have it — a private story with the same tags is never counted.
// Screens go to test-results/screens/.
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { chapterSource, trpcMutation } from './helpers/api';

test('filters without JavaScript: include a tag, exclude another, see the counts and the results; private stories are never counted', async ({
  page,
  browser,
  baseURL,
}) => {
  await signUp(page);
  const fandom = unique('Harbour Lights ');
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(page.request, baseURL!, path, input);
  const made: { id: string; title: string }[] = [];
  async function story(
    title: string,
    freeform: string[],
    options: { rating?: string; publish?: boolean } = {},
  ) {
    const { id } = await mutate<{ id: string }>('story.create', {
      title,
      summary: `${title}, a story of the harbour.`,
      rating: options.rating,
    });
    await mutate('story.setTags', { storyId: id, fandom: [fandom], freeform });
    await mutate('story.addCharacter', { storyId: id, name: 'Mark', color: '#1f6feb' });
    const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
      storyId: id,
      title: 'One',
      upload: { source: chapterSource('The keeper counted the gulls.'), format: 'markdown' },
    });
    await mutate('chapter.publish', { chapterId });
    if (options.publish !== false) await mutate('story.publish', { storyId: id });
    made.push({ id, title });
  }
  await story(unique('Fluffy Tide '), ['Fluff'], { rating: 'general' });
  await story(unique('Mixed Tide '), ['Angst', 'Fluff'], { rating: 'teen' });
  await story(unique('Grey Tide '), ['Angst'], { rating: 'teen' });
  await story(unique('Hidden Tide '), ['Angst'], { rating: 'explicit', publish: false });
  const [fluffy, mixed, grey] = made.map((s) => s.title) as [string, string, string];

  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
  });
  const visitor = await context.newPage();
  try {
    await visitor.goto(`/browse?${new URLSearchParams({ tag: `fandom:${fandom}` })}`);
    await expect(visitor.getByRole('status')).toHaveText('3 stories found');
    const include = visitor.locator('form[aria-label="Filter stories"]');
    const exclude = include.locator('details.exclude');
    // Counts over the three public stories: the private one's Angst and Explicit are not there.
    await expect(include.getByRole('checkbox', { name: 'Angst (2)' }).first()).toBeVisible();
    await expect(include.getByRole('checkbox', { name: 'Teen And Up Audiences (2)' }).first()).toBeVisible();
    // Options no story has are not offered: the private story's Explicit is nowhere.
    await expect(include.getByRole('checkbox', { name: /^Explicit/ })).toHaveCount(0);
    await expect(include.getByRole('checkbox', { name: `${fandom} (3)` }).first()).toBeChecked();

    // Include Angst, exclude Fluff (the exclusions fold away until opened — natively, no script).
    await include.getByRole('checkbox', { name: 'Angst (2)' }).first().check();
    await exclude.locator('summary').click();
    await exclude.getByRole('checkbox', { name: 'Fluff (2)' }).check();
    await include.getByRole('button', { name: 'Sort and Filter' }).click();

    // The URL is the filter: only the choices, no empty fields.
    const url = new URL(visitor.url());
    expect(url.searchParams.getAll('tag').sort()).toEqual([`fandom:${fandom}`, 'freeform:Angst'].sort());
    expect(url.searchParams.getAll('xtag')).toEqual(['freeform:Fluff']);
    expect([...url.searchParams.keys()].sort()).toEqual(['tag', 'tag', 'xtag']);

    await expect(visitor.getByRole('status')).toHaveText('1 story found');
    const cards = visitor.locator('.grid > li');
    await expect(cards).toHaveCount(1);
    await expect(cards.getByRole('heading', { level: 2 })).toHaveText(grey);
    await expect(visitor.locator('.grid')).not.toContainText(mixed);
    await expect(visitor.locator('.grid')).not.toContainText(fluffy);
    // Counts now over what is left: Angst on 1 (checked), Fluff on none (excluded, still ticked).
    await expect(include.getByRole('checkbox', { name: 'Angst (1)' }).first()).toBeChecked();
    await expect(exclude.getByRole('checkbox', { name: 'Fluff (0)' })).toBeChecked();
    await expect(include.getByRole('checkbox', { name: 'Teen And Up Audiences (1)' }).first()).toBeVisible();
    await expect(include.getByRole('checkbox', { name: /^General Audiences/ })).toHaveCount(0);
    await expect(visitor.getByRole('list', { name: 'Active filters' })).toContainText('Excluding Fluff');
    await expect(visitor.locator('body')).not.toContainText('Hidden Tide');
    await screenshot(visitor, 'browse-filters-1280');
    await visitor.setViewportSize({ width: 390, height: 844 });
    await screenshot(visitor, 'browse-filters-390');
    // On a phone the sidebar folds: a fresh browse page shows the results first, filters one tap away.
    await visitor.goto('/browse');
    await expect(visitor.locator('details.filters')).not.toHaveAttribute('open');
    await screenshot(visitor, 'browse-filters-390-folded');

    // Removing the exclusion from its chip brings the mixed story back.
    await visitor.setViewportSize({ width: 1280, height: 900 });
    await visitor.goto(url.pathname + url.search);
    await visitor.getByRole('link', { name: 'Remove tag filter Fluff' }).click();
    await expect(visitor.getByRole('status')).toHaveText('2 stories found');

    // A word range and a sort go in the URL the same way.
    await visitor.goto(`/browse?${new URLSearchParams({ tag: `fandom:${fandom}`, words_min: '1000' })}`);
    await expect(visitor.getByRole('status')).toHaveText('0 stories found');
  } finally {
    await context.close();
    for (const s of made.slice(0, 3)) await mutate('story.unpublish', { storyId: s.id });
  }
});
