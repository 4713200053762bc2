// The whole work on one page, one POV character followed across every chapter, "<Name>'s story
// only" as an EPUB, and the story's rating and warnings on the story form, card, story and chapter
// pages — without JavaScript where a reader might not have it. Draft words never show.
// Screens go to test-results/screens/.
import type { Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const TEXT = {
  markOpens: 'Mark unlocked the lamp room before the tide turned.',
  lexieTide: 'Lexie read the tide tables twice and trusted neither.',
  markCloses: 'Mark wrote the ledger entry in a steady hand.',
  lexieStorm: 'Lexie rowed out alone into the storm.',
  markLamp: 'Mark lit the lamp and waited for the boat.',
  lexieSees: 'Lexie saw the light from the water and laughed.',
};
const pov = (parts: [string, string][]) =>
  parts.map(([name, text]) => `::: pov ${name}\n${text}\n:::\n`).join('\n');

/** A public story: 1 Tide (Mark, Lexie, Mark; a draft revision on top), a draft chapter, 3 Storm (Lexie), 4 Harbour (Mark, Lexie). */
async function ledger(page: Page, baseURL: string) {
  await signUp(page);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(page.request, baseURL, path, input);
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title: unique('The Keepers’ Ledger '),
    summary: 'Two keepers take turns telling one winter.',
    rating: 'teen',
    warnings: ['no_warnings_apply'],
    expectedChapters: 6,
  });
  await mutate('story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  await mutate('story.addCharacter', { storyId, name: 'Lexie', color: '#b35900' });
  const chapter = async (title: string, parts: [string, string][], publish: boolean) => {
    const { chapterId } = await mutate<{ chapterId: string }>('chapter.create', {
      storyId,
      title,
      upload: { source: pov(parts), format: 'markdown' },
    });
    if (publish) await mutate('chapter.publish', { chapterId });
    return chapterId;
  };
  const one = await chapter(
    'Tide',
    [
      ['Mark', TEXT.markOpens],
      ['Lexie', TEXT.lexieTide],
      ['Mark', TEXT.markCloses],
    ],
    true,
  );
  await mutate('chapter.edit', {
    chapterId: one,
    upload: { source: pov([['Mark', 'DRAFTREVISION words.']]), format: 'markdown' },
  });
  await chapter('Unwritten', [['Mark', 'DRAFTCHAPTER words.']], false);
  await chapter('Storm', [['Lexie', TEXT.lexieStorm]], true);
  await chapter(
    'Harbour',
    [
      ['Mark', TEXT.markLamp],
      ['Lexie', TEXT.lexieSees],
    ],
    true,
  );
  await mutate('story.publish', { storyId });
  // Taken off the lists again at the end, so later tests still find the demo story on the home page.
  return { storyId, slug, chapterOne: one, unpublish: () => mutate('story.unpublish', { storyId }) };
}

test('the entire work on one page: every published chapter in order, POV labels, collapsed reviews, no draft words — without JavaScript', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ledger(page, baseURL!);
  // A reader's review of chapter 1.
  const reviewer = await browser.newContext();
  const reviewerPage = await reviewer.newPage();
  await signUp(reviewerPage);
  await trpcMutation(reviewerPage.request, baseURL!, 'review.upsert', {
    chapterId: story.chapterOne,
    verdict: 'yay',
    body: 'The ledger scene is lovely.',
  });
  await reviewer.close();

  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const visitor = await context.newPage();
  await visitor.goto(`/s/${story.slug}`);
  await screenshot(visitor, 'story-page-1280');
  await visitor.setViewportSize(PHONE);
  await screenshot(visitor, 'story-page-390');
  await visitor.setViewportSize(DESKTOP);
  await visitor.getByRole('link', { name: 'Entire work' }).click();
  await expect(visitor).toHaveURL(new RegExp(`/s/${story.slug}/all$`));

  const chapters = visitor.locator('section.chapter h2');
  await expect(chapters).toHaveText(['Chapter 1 Tide', 'Chapter 2 Storm', 'Chapter 3 Harbour']);
  const text = visitor.locator('.text');
  for (const line of Object.values(TEXT)) await expect(text.getByText(line)).toBeVisible();
  // In reading order, each under its POV label.
  const order = await text
    .locator('.segment')
    .evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-pov')}: ${el.querySelector('p[data-passage]')?.textContent}`),
    );
  expect(order).toEqual([
    `Mark: ${TEXT.markOpens}`,
    `Lexie: ${TEXT.lexieTide}`,
    `Mark: ${TEXT.markCloses}`,
    `Lexie: ${TEXT.lexieStorm}`,
    `Mark: ${TEXT.markLamp}`,
    `Lexie: ${TEXT.lexieSees}`,
  ]);
  await expect(text.locator('.segment .pov-label').first()).toHaveText('Mark');
  const html = await visitor.content();
  expect(html).not.toContain('DRAFTREVISION');
  expect(html).not.toContain('DRAFTCHAPTER');
  // Ids stay unique with several chapters on the page.
  const ids = await visitor.locator('[id]').evaluateAll((els) => els.map((el) => el.id));
  expect(new Set(ids).size).toBe(ids.length);

  // Reviews per chapter are collapsed; <details> opens without JavaScript.
  const reviews = visitor.locator('#chapter-1 details.reviews');
  await expect(reviews.locator('summary')).toHaveText('Reviews: 1 — 1 yay, 0 nay');
  await expect(reviews.getByText('The ledger scene is lovely.')).toBeHidden();
  await reviews.locator('summary').click();
  await expect(reviews.getByText('The ledger scene is lovely.')).toBeVisible();
  await expect(visitor.locator('#chapter-2 details.reviews summary')).toHaveText('No reviews yet');
  await screenshot(visitor, 'whole-work-1280');
  await visitor.setViewportSize(PHONE);
  await screenshot(visitor, 'whole-work-390');
  await context.close();
  await story.unpublish();
});

test('follow only Mark across the whole work: every Mark section in order, with where each is from, and his story as an EPUB', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ledger(page, baseURL!);
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const visitor = await context.newPage();
  await visitor.goto(`/s/${story.slug}/all`);
  await visitor
    .getByRole('navigation', { name: 'How to read' })
    .getByRole('link', { name: 'Mark only' })
    .click();
  await expect(visitor).toHaveURL(new RegExp(`/s/${story.slug}/all\\?pov=Mark$`));
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Mark’s story');
  await expect(visitor.locator('.summary-line')).toContainText('3 sections in 2 of 3 chapters');

  const text = visitor.locator('.text');
  const sections = await text
    .locator('.segment')
    .evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-pov')}: ${el.querySelector('p[data-passage]')?.textContent}`),
    );
  expect(sections).toEqual([`Mark: ${TEXT.markOpens}`, `Mark: ${TEXT.markCloses}`, `Mark: ${TEXT.markLamp}`]);
  await expect(text.getByText(TEXT.lexieTide)).toHaveCount(0);
  await expect(text.getByText('Mark does not narrate chapter 2, “Storm”.')).toBeVisible();
  expect(await visitor.content()).not.toContain('DRAFT');
  await expect(text.locator('.from')).toHaveText([
    'From chapter 1, “Tide” · read it in the chapter',
    'From chapter 1, “Tide” · read it in the chapter',
    'From chapter 3, “Harbour” · read it in the chapter',
  ]);
  await screenshot(visitor, 'follow-mark-1280');
  await visitor.setViewportSize(PHONE);
  await screenshot(visitor, 'follow-mark-390');
  await visitor.setViewportSize(DESKTOP);

  // "Read it in the chapter" opens chapter 3 at that passage.
  await text.locator('.from').nth(2).getByRole('link').click();
  await expect(visitor).toHaveURL(new RegExp(`/s/${story.slug}/3#p-`));
  const target = visitor.locator(':target');
  await expect(target).toHaveText(TEXT.markLamp);

  // The story page offers Mark's story as an EPUB next to the whole one.
  await visitor.goto(`/s/${story.slug}`);
  const downloads = visitor.getByRole('region', { name: 'Download' });
  await expect(downloads.getByRole('link', { name: 'EPUB', exact: true })).toHaveAttribute(
    'href',
    `/s/${story.slug}/export.epub`,
  );
  const mark = downloads.getByRole('link', { name: 'Mark’s story only (EPUB)' });
  await expect(mark).toHaveAttribute('href', `/s/${story.slug}/export.epub?pov=Mark`);
  const res = await context.request.get(`/s/${story.slug}/export.epub?pov=Mark`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/epub+zip');
  expect(res.headers()['content-disposition']).toContain(`filename="${story.slug}-mark.epub"`);
  expect((await res.body()).subarray(0, 2).toString()).toBe('PK');
  await context.close();
  await story.unpublish();
});

test('the author sets rating, warnings, chapters planned and language on the story form; readers see them on the card, story and chapter pages', async ({
  page,
  browser,
  baseURL,
}) => {
  const story = await ledger(page, baseURL!);
  await page.goto(`/write/${story.storyId}`);
  const details = page.getByRole('region', { name: 'Story details' });
  await details.getByLabel('Rating').selectOption({ label: 'Explicit' });
  await details.getByLabel('No Archive Warnings Apply').uncheck();
  await details.getByLabel('Graphic Depictions Of Violence').check();
  await details.getByLabel('Chapters planned').fill('5');
  await details.getByLabel('Language').selectOption({ label: 'Français' });
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details.getByText('Story details saved.')).toBeVisible();
  await details.screenshot({ path: 'test-results/screens/story-form-1280.png' });

  // A refused combination is explained next to the field, and nothing is saved.
  await details.getByLabel('No Archive Warnings Apply').check();
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(
    details.getByText('“No Archive Warnings Apply” cannot be combined with other warnings.'),
  ).toBeVisible();

  const reader = await browser.newContext({ viewport: DESKTOP });
  const visitor = await reader.newPage();
  await signUp(visitor);
  await visitor.goto('/browse');
  const card = visitor.locator('article.story-card').filter({ hasText: 'The Keepers’ Ledger' }).first();
  await expect(card).toContainText('Explicit');
  await expect(card).toContainText('Graphic Depictions Of Violence');
  await expect(card).toContainText('Chapters 3/5');
  await expect(card).toContainText('Français');
  await card.screenshot({ path: 'test-results/screens/story-card-1280.png' });

  await visitor.goto(`/s/${story.slug}`);
  const meta = visitor.getByRole('group', { name: 'About this work' });
  await expect(meta).toContainText('Explicit');
  await expect(meta).toContainText('Graphic Depictions Of Violence');
  await expect(meta).toContainText('Français');
  await expect(meta).toContainText('3/5');
  await expect(meta).toContainText('In progress');
  await visitor.goto(`/s/${story.slug}/2`);
  await expect(visitor.getByRole('group', { name: 'About this work' })).toContainText('Explicit');
  await screenshot(visitor, 'chapter-1280');
  await visitor.setViewportSize(PHONE);
  await screenshot(visitor, 'chapter-390');
  await reader.close();
  await story.unpublish();
});
