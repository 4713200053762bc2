// Issue 17: an author's .docx opens with a note that declares its convention. The preview
// shows the note apart and the proposed mapping, one click saves with it, and the reading page
// shows the note above the text while the POV words leave it out. The story stays private
// (members read drafts), so nothing here reaches the home page's lists.
import type { Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { buildDocx, DOCX_MIME } from './helpers/docx';
import { trpcQuery } from './helpers/api';

const NOTE =
  "Hello again! If you liked this, please take the two seconds to hit the review button and type in yay or nay. Mark's POV is bold; Lexie's is plain.";
const CHAPTER = [
  { text: NOTE },
  { text: 'Mark tied the boat to the iron ring and did not look back.', bold: true },
  { text: 'Lexie watched him from the top of the lighthouse stairs.' },
  { text: 'He knew she was there.', bold: true },
  { text: 'She went down to meet him anyway.' },
];

async function createStory(page: Page): Promise<string> {
  await page.goto('/write/new');
  await page.getByLabel('Title').fill(unique('Notes and conventions '));
  await page.getByLabel('Name of POV character 1').fill('Mark');
  await page.getByLabel('Colour of POV character 1').fill('#1f6feb');
  await page.getByLabel('Name of POV character 2').fill('Lexie');
  await page.getByLabel('Colour of POV character 2').fill('#c2410c');
  await page.getByRole('button', { name: 'Create story' }).click();
  await expect(page.getByText('Story created.')).toBeVisible();
  return page.url().replace(/\?.*$/, '');
}

test('a .docx opening with a note that declares "bold = Mark, plain = Lexie" goes up with one click and reads right', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page);
  const storyUrl = await createStory(page);
  // The story is private (no public link on the page): its slug from the author's own list.
  const storyId = storyUrl.split('/').pop() ?? '';
  const mine = await trpcQuery<{ id: string; slug: string }[]>(
    page.request,
    page.url(),
    'story.mine',
    undefined,
  );
  const slug = mine.find((s) => s.id === storyId)?.slug ?? '';
  expect(slug).not.toBe('');

  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('The Jetty');
  await page
    .getByLabel(/Upload a file/)
    .setInputFiles({ name: 'the-jetty.docx', mimeType: DOCX_MIME, buffer: await buildDocx(CHAPTER) });
  await page.getByRole('button', { name: 'Preview' }).click();

  const preview = page.getByRole('region', { name: /Preview/ });
  await expect(preview.getByTestId('declared')).toContainText(
    "Your note says: “Mark's POV is bold; Lexie's is plain.”",
  );
  await expect(preview.getByTestId('declared')).toContainText('bold = Mark, plain = Lexie');
  const notes = preview.getByTestId('upload-notes');
  await expect(notes).toContainText('take the two seconds to hit the review button');
  // The note is apart from the segments, and the segments are exact.
  await expect(preview.locator('section.segment').filter({ hasText: 'review button' })).toHaveCount(0);
  const povs = await preview
    .locator('section.segment')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-pov')));
  expect(povs).toEqual(['Mark', 'Lexie', 'Mark', 'Lexie']);
  await screenshot(page, 'upload-notes-preview-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'upload-notes-preview-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // One click accepts the proposal and saves.
  await preview.getByRole('button', { name: 'Save with bold = Mark, plain = Lexie' }).click();
  await expect(page.getByText('Chapter saved as a draft')).toBeVisible();
  await expect(page.getByLabel('Beginning notes')).toHaveValue(NOTE);
  await expect(page.getByRole('region', { name: 'Revisions', exact: true })).toContainText('style');

  // The reading page (members read the draft): the note above the text, the POV words without it.
  await page.goto(`/s/${slug}/1`);
  const before = page.getByTestId('chapter-notes-before');
  await expect(before).toContainText('hit the review button');
  const noteBox = await before.boundingBox();
  const firstPassage = await page.getByText('Mark tied the boat to the iron ring').boundingBox();
  expect(noteBox && firstPassage && noteBox.y < firstPassage.y).toBe(true);
  // Never a passage: nothing with a passage anchor holds the note's words.
  await expect(page.locator('[data-passage]', { hasText: 'review button' })).toHaveCount(0);
  const legend = page.locator('.legend');
  await expect(legend).toContainText('Mark');
  await expect(legend).toContainText('18 words');
  await expect(legend).toContainText('17 words');
  await expect(legend).not.toContainText('Unattributed');
  await screenshot(page, 'upload-notes-reading-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'upload-notes-reading-phone');

  // "This is story text" takes a note back in one click.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(storyUrl);
  await page.getByRole('link', { name: 'New chapter' }).click();
  await page
    .getByLabel(/Upload a file/)
    .setInputFiles({ name: 'two.docx', mimeType: DOCX_MIME, buffer: await buildDocx(CHAPTER) });
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByTestId('upload-notes').getByRole('button', { name: 'This is story text' }).click();
  await expect(
    page
      .getByRole('region', { name: /Preview/ })
      .locator('section.segment')
      .filter({ hasText: 'review button' }),
  ).toHaveCount(1);
  await expect(page.getByTestId('upload-notes')).toHaveCount(0);
});
