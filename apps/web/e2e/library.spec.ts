// Bookmarks, "mark for later", reading history and "continue reading" as a reader uses them:
// the home page links back to the chapter and passage where they stopped, and says when a
// chapter came out since. Screens go to test-results/screens/.
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

test('a reader bookmarks, marks for later, and continues at the chapter and passage where they stopped', async ({
  browser,
  baseURL,
}) => {
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signUp(author);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(author.request, baseURL!, path, input);
  const title = unique('Salt Road ');
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title,
    summary: 'Two towns, one road.',
  });
  // Chapter 2 is long enough to scroll: forty paragraphs, each its own passage.
  const paragraphs = Array.from(
    { length: 40 },
    (_, i) => `Paragraph ${i + 1} of the long road, where the salt carts creak past the milestones.`,
  );
  const upload = (text: string) => ({ source: `${text}\n`, format: 'markdown' });
  for (const [t, text] of [
    ['Setting Out', 'They left before dawn.'],
    ['The Long Road', paragraphs.join('\n\n')],
  ] as const) {
    const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
      storyId,
      title: t,
      upload: upload(text),
    });
    await mutate('chapter.publish', { chapterId });
  }
  await mutate('story.publish', { storyId });

  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signUp(page);

    // Bookmark with a note and tags, privately, and mark for later.
    await page.goto(`/s/${slug}`);
    await page.getByRole('button', { name: 'Mark for later' }).click();
    await expect(page.getByRole('button', { name: 'Marked for later ✓' })).toBeVisible();
    await page.getByText('Bookmark', { exact: true }).click();
    await page.getByLabel(/^Note/).fill('Read on the train.');
    await page.getByLabel(/^Your tags/).fill('slow burn, roads, Roads');
    await page.getByRole('button', { name: 'Save bookmark' }).click();
    await expect(page.getByText('Bookmarked ✓')).toBeVisible();

    // Read chapter 2 half way and stay there a moment (HistoryBeacon.svelte sends the furthest
    // passage reached), then go home by the header's link, which scrolls the page back to the top.
    await page.goto(`/s/${slug}/2`);
    const passages = page.locator('[data-passage]');
    const keys = await passages.evaluateAll((els) => els.map((el) => el.getAttribute('data-passage')));
    // Which passage counts as reached once the 21st is centred depends on the layout (the sticky
    // POV label, passage lengths): it is one well into the chapter, and whichever it is, the
    // "continue reading" link must land on exactly the one sent.
    const beacon = page.waitForResponse(
      (r) => r.url().endsWith('/api/position') && r.request().method() === 'POST',
    );
    await passages.nth(20).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const sent = JSON.parse((await beacon).request().postData() ?? '{}') as { passageKey?: string };
    const key = sent.passageKey ?? '';
    expect(keys.indexOf(key)).toBeGreaterThanOrEqual(15);
    const target = page.locator(`[data-passage="${key}"]`);
    await page.getByRole('link', { name: 'Margins', exact: false }).first().click();
    await page.waitForURL((u) => u.pathname === '/');
    const cont = page.getByRole('region', { name: 'Continue reading' });
    // The chapter and the passage where they stopped, and the link lands on that passage.
    const link = cont.getByRole('link', { name: title });
    await expect(link).toHaveAttribute('href', `/s/${slug}/2#p-${key}`);
    await expect(cont.getByText('New chapter since you read')).toHaveCount(0);
    await screenshot(page, 'library-continue-1280');
    await link.click();
    await page.waitForURL((u) => u.pathname === `/s/${slug}/2` && u.hash === `#p-${key}`);
    await expect(target).toBeInViewport();
    await page.goto('/');

    // A chapter comes out: "new chapter since you read", on the home page and in the history.
    const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
      storyId,
      title: 'Arrival',
      upload: upload('The town came into view.'),
    });
    await mutate('chapter.publish', { chapterId });
    await page.reload();
    await expect(cont.getByText('New chapter since you read')).toBeVisible();
    await page.goto('/library');
    await expect(
      page.getByRole('region', { name: 'History' }).getByText('New chapter since you read'),
    ).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Marked for later' }).getByRole('link', { name: title }),
    ).toBeVisible();
    const bookmarks = page.getByRole('region', { name: 'Bookmarks' });
    await expect(bookmarks.getByText('Read on the train.')).toBeVisible();
    await expect(bookmarks.getByText('Private')).toBeVisible();
    // Tags are kept once each, whatever their case.
    await expect(bookmarks.getByText('roads', { exact: false })).toHaveCount(1);
    await screenshot(page, 'library-page-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'library-page-390');

    // All of it in the reader's JSON download.
    const res = await page.request.get('/library/export.json');
    const data = (await res.json()) as {
      history: { story: { slug: string }; stoppedAt: { number: number } }[];
      bookmarks: { note: string; tags: string[] }[];
      markedForLater: { slug: string }[];
    };
    expect(data.history.find((h) => h.story.slug === slug)?.stoppedAt).toMatchObject({ number: 2 });
    expect(data.bookmarks[0]).toMatchObject({ note: 'Read on the train.', tags: ['slow burn', 'roads'] });
    expect(data.markedForLater.map((s) => s.slug)).toContain(slug);
    await context.close();
  } finally {
    await mutate('story.unpublish', { storyId });
    await authorContext.close();
  }
});
