// Search finds a line a reader remembers from a chapter's text: ranked hits with the words marked
// in context, a link to the passage, phrase and prefix queries — without JavaScript. Draft words
// and private stories never show in the results or the count. Screens go to test-results/screens/.
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

test('search finds published chapter text, marks it and links to the passage; drafts and private stories never show — without JavaScript', async ({
  page,
  browser,
  baseURL,
}) => {
  await signUp(page);
  const w = unique('gull').toLowerCase();
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(page.request, baseURL!, path, input);
  const upload = (text: string) => ({ source: `::: pov Mark\n${text}\n:::\n`, format: 'markdown' });
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title: unique('Salt Hours '),
    summary: 'A keeper counts the winter.',
  });
  await mutate('story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'The stair',
    upload: upload(
      `The keeper climbed the stair.\n\nA white ${w} <b>settled</b> on the rail & watched the lamp.`,
    ),
  });
  await mutate('chapter.publish', { chapterId });
  await mutate('chapter.edit', { chapterId, upload: upload(`Draft revision: draft${w}.`) });
  await mutate('story.publish', { storyId });
  const secret = await mutate<{ id: string }>('story.create', {
    title: `Private ${w}`,
    summary: `Private ${w}.`,
  });
  await mutate('story.addCharacter', { storyId: secret.id, name: 'Mark', color: '#1f6feb' });
  const hidden = await mutate<{ chapterId: string }>('chapter.create', {
    storyId: secret.id,
    title: 'Hidden',
    upload: upload(`Hidden ${w}.`),
  });
  await mutate('chapter.publish', { chapterId: hidden.chapterId });

  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: false,
  });
  const visitor = await context.newPage();
  try {
    await visitor.goto('/browse');
    await visitor.locator('#browse-q').fill(`"white ${w}"`);
    await visitor.locator('#browse-q').press('Enter');
    await expect(visitor.getByRole('status')).toHaveText('1 story found');
    const card = visitor.locator('.grid > li');
    await expect(card).toHaveCount(1);
    await expect(card.getByRole('link', { name: /Salt Hours/ })).toBeVisible();
    await expect(card.locator('mark')).toHaveText(['white', w]);
    // The passage's markup is shown as text nowhere and never as HTML: the snippet is plain words.
    await expect(card.locator('.snippet')).toContainText(`white ${w} settled on the rail & watched`);
    await expect(card.locator('.snippet b')).toHaveCount(0);
    await screenshot(visitor, 'search-1280');
    await visitor.setViewportSize({ width: 390, height: 844 });
    await screenshot(visitor, 'search-390');
    await visitor.setViewportSize({ width: 1280, height: 800 });

    // The link opens chapter 1 at the passage.
    await card.getByRole('link', { name: 'Chapter 1: The stair →' }).click();
    await expect(visitor).toHaveURL(new RegExp(`/s/${slug}/1#p-`));
    const anchor = decodeURIComponent(new URL(visitor.url()).hash.slice(1));
    await expect(visitor.locator(`[id="${anchor}"]`)).toContainText(`A white ${w}`);

    // A prefix query finds the same story; the draft revision's word and the private story do not.
    await visitor.goto(`/browse?q=${encodeURIComponent(`${w.slice(0, -2)}*`)}`);
    await expect(visitor.getByRole('status')).toHaveText('1 story found');
    await expect(visitor.locator('.grid > li mark')).toHaveText([w]);
    await visitor.goto(`/browse?q=${encodeURIComponent(`draft${w}`)}`);
    await expect(visitor.getByRole('status')).toHaveText('0 stories found');
    await expect(visitor.locator('body')).not.toContainText('Private');
  } finally {
    await context.close();
    await mutate('story.unpublish', { storyId });
  }
});
