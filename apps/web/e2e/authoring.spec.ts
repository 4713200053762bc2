// Authoring, end to end: a new author sets up a story with two POV characters, uploads a Word
// file whose bold paragraphs are Mark's and plain ones Lexie's, previews, saves and publishes;
// adds a Markdown chapter; edits it into a second revision and reads the diff; and a second
// user reads the story following one POV. Screens go to test-results/screens/.
import type { Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { buildDocx, DOCX_MIME } from './helpers/docx';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

async function createStory(page: Page, title: string) {
  await page.goto('/write');
  await page.getByRole('link', { name: 'New story' }).click();
  await expect(page.getByRole('heading', { name: 'New story' })).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Summary').fill('Two voices, one lighthouse, and a key nobody can find.');
  await page.getByLabel('Fandoms').fill('Original Work');
  await page.getByLabel('Relationships').fill('Mark/Lexie');
  await page.getByLabel('Free tags').fill('Alternating POV, Slow Burn');
  await page.getByLabel('Name of POV character 1').fill('Mark');
  await page.getByLabel('Colour of POV character 1').fill('#1f6feb');
  await page.getByLabel('Name of POV character 2').fill('Lexie');
  await page.getByLabel('Colour of POV character 2').fill('#c2410c');
  await both(page, 'write-new');
  await page.getByRole('button', { name: 'Create story' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText('Story created.')).toBeVisible();
  return page.url().replace(/\?.*$/, '');
}

async function uploadFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel(/Upload a file/).setInputFiles({ name, mimeType, buffer });
}

const MARKDOWN_CHAPTER = [
  '::: pov Lexie',
  'Lexie found the lighthouse door already open, which was **never** a good sign.',
  '',
  'The stairs smelled of salt and old paint.',
  ':::',
  '',
  '::: pov Mark',
  'Mark climbed after her, the brass key cold in his pocket.',
  ':::',
  '',
].join('\n');

test('an author sets up a story, uploads a .docx with a style mapping and a Markdown chapter, and a reader follows one POV', async ({
  page,
  browser,
}) => {
  await signUp(page);
  const title = unique('The Lighthouse Keys ');
  const storyUrl = await createStory(page, title);

  // Chapter 1: a Word file, bold = Mark, plain = Lexie.
  await page.getByRole('link', { name: 'New chapter' }).click();
  await expect(page.getByRole('heading', { name: 'New chapter' })).toBeVisible();
  await page.getByLabel('Chapter title').fill('The Ferry');
  const docx = await buildDocx([
    { text: 'The ferry was late again, and Mark counted the gulls.', bold: true },
    { text: 'He had promised Lexie he would bring the brass key.', bold: true },
    { text: 'Lexie waited on the pier with two coffees going cold.' },
    { text: 'She had stopped believing in ferries an hour ago.' },
    { text: 'Mark stepped off last, key held up like a trophy.', bold: true },
    { text: 'Lexie handed him the colder coffee.' },
  ]);
  await uploadFile(page, 'the-ferry.docx', DOCX_MIME, docx);
  await page.getByLabel('Style mapping').check();
  await page.getByLabel('Bold paragraphs are').selectOption('Mark');
  await page.getByLabel('Plain paragraphs are').selectOption('Lexie');
  await page.getByRole('button', { name: 'Preview' }).click();

  const preview = page.getByRole('region', { name: /Preview/ });
  await expect(preview.locator('section.segment')).toHaveCount(4);
  const povs = await preview
    .locator('section.segment')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-pov')));
  expect(povs).toEqual(['Mark', 'Lexie', 'Mark', 'Lexie']);
  await expect(preview.getByText('style mapping (bold / italic / plain)')).toBeVisible();
  await expect(preview.getByRole('cell', { name: 'Mark', exact: true })).toBeVisible();
  await expect(preview.getByText('Mark’s POV').first()).toBeVisible();
  await both(page, 'upload-preview');

  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByText('Chapter saved as a draft')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The Ferry', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText('Published: readers now see the latest revision.')).toBeVisible();

  // Publish the story.
  await page.goto(storyUrl);
  await page.getByRole('button', { name: 'Publish the story' }).click();
  await expect(page.getByText('The story is published')).toBeVisible();
  const slug = ((await page.getByRole('link', { name: /^\/s\// }).getAttribute('href')) ?? '').replace(
    '/s/',
    '',
  );
  expect(slug).not.toBe('');

  // Chapter 2: Markdown with directives, saved straight away (the save parses it as well).
  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('The Lighthouse');
  await uploadFile(page, 'the-lighthouse.md', 'text/markdown', Buffer.from(MARKDOWN_CHAPTER));
  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByRole('heading', { name: 'The Lighthouse', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText('Published: readers now see the latest revision.')).toBeVisible();

  // A second revision, and the diff between the two.
  const editor = page.getByLabel('Text', { exact: true });
  await expect(editor).toHaveValue(/::: pov Lexie/);
  const revised = (await editor.inputValue())
    .replace('old paint', 'fresh tar')
    .replace('cold in his pocket', 'warm in his fist');
  await editor.fill(revised);
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(page.getByText('Saved as revision 2')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Revision 1 → revision 2' })).toBeVisible();
  const diff = page.locator('pre.diff');
  await expect(diff.locator('ins').filter({ hasText: 'fresh' }).first()).toBeVisible();
  await expect(
    diff
      .locator('del')
      .filter({ hasText: /\bold\b/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByText('Revision 2 is not published yet.')).toBeVisible();
  await both(page, 'editor-diff');
  await page.getByRole('button', { name: 'Publish revision 2 now' }).click();
  await expect(page.getByText('Published: readers now see the latest revision.')).toBeVisible();

  // The chapter list shows both, published, in order.
  await page.goto(storyUrl);
  const chapters = page.getByRole('region', { name: 'Chapters' }).getByRole('listitem');
  await expect(chapters).toHaveCount(2);
  await expect(chapters.nth(0)).toContainText('The Ferry');
  await expect(chapters.nth(1)).toContainText('The Lighthouse');
  await expect(chapters.nth(1)).toContainText('Published');
  await both(page, 'story-settings');

  // A second user, in a browser of their own, reads the story following Lexie.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await signUp(reader);
  await reader.goto(`/s/${slug}`);
  await expect(reader.getByRole('heading', { name: title })).toBeVisible();
  await reader.goto(`/s/${slug}/1`);
  await expect(reader.locator('section.segment')).toHaveCount(4);
  await reader.getByRole('link', { name: 'Follow only Lexie' }).click();
  await expect(reader).toHaveURL(/[?&]pov=Lexie/);
  await expect(reader.locator('section.segment')).toHaveCount(2);
  await expect(reader.locator('section.segment:not([data-pov="Lexie"])')).toHaveCount(0);
  await reader.keyboard.press('ArrowRight');
  await expect(reader).toHaveURL(new RegExp(`/s/${slug}/2`));
  await expect(reader.getByRole('heading', { name: 'The Lighthouse' })).toBeVisible();
  await readerContext.close();
});

test('an upload with an unknown character and an unclosed directive lists its problems by line and saves nothing', async ({
  page,
}) => {
  await signUp(page);
  const storyUrl = await createStory(page, unique('Broken Markers '));
  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('Not Yet');
  const broken = [
    '::: pov Zed',
    'Someone nobody introduced.',
    ':::',
    '',
    '::: pov Mark',
    'Mark never closes this block.',
    '',
  ].join('\n');
  await uploadFile(page, 'broken.md', 'text/markdown', Buffer.from(broken));
  await page.getByRole('button', { name: 'Preview' }).click();

  const problems = page.getByRole('alert').filter({ hasText: 'to fix before saving' });
  await expect(problems).toBeVisible();
  // `\s+`: the markup may break the line between "Line" and the number; the browser shows one space.
  await expect(problems.getByText(/^Line\s+1\b/).first()).toBeVisible();
  await expect(problems.getByText(/^Line\s+5\b/).first()).toBeVisible();
  await expect(problems.getByText(/Zed/).first()).toBeVisible();
  await expect(problems.getByText('Fix:').first()).toBeVisible();
  await expect(page.locator('section.segment')).toHaveCount(0);
  await both(page, 'upload-problems');

  // Saving is refused with the same list, and no chapter appears.
  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByText('Nothing was saved: the chapter has problems to fix.')).toBeVisible();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'to fix before saving' })
      .getByText(/^Line\s+5\b/)
      .first(),
  ).toBeVisible();
  await page.goto(storyUrl);
  await expect(page.getByText('No chapters yet.')).toBeVisible();
});

test('without JavaScript, a story and a pasted Markdown chapter can still be created, previewed and saved', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUp(page);
  await page.goto('/write/new');
  // Four fixed character rows without JavaScript; empty ones are ignored.
  await expect(page.getByLabel(/^Name of POV character/)).toHaveCount(4);
  await page.getByLabel('Title').fill(unique('No Script '));
  await page.getByLabel('Name of POV character 1').fill('Mark');
  await page.getByLabel('Name of POV character 2').fill('Lexie');
  await page.getByRole('button', { name: 'Create story' }).click();
  await expect(page.getByText('Story created.')).toBeVisible();

  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('Plain Paste');
  await page.getByLabel('Paste the chapter as Markdown or plain text').fill(MARKDOWN_CHAPTER);
  await page.getByRole('button', { name: 'Preview' }).click();
  const povs = await page
    .locator('section.segment')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-pov')));
  expect(povs).toEqual(['Lexie', 'Mark']);
  // The pasted text and title survive the round trip, so Save needs nothing re-entered.
  await expect(page.getByLabel('Chapter title')).toHaveValue('Plain Paste');
  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByRole('heading', { name: 'Plain Paste', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue(/::: pov Mark/);
  await context.close();
});

test('story settings: characters, details, chapter order and deleting with a confirmation', async ({
  page,
}) => {
  await signUp(page);
  const title = unique('Settings ');
  const storyUrl = await createStory(page, title);
  for (const name of ['First', 'Second']) {
    await page.getByRole('link', { name: 'New chapter' }).click();
    await page.getByLabel('Chapter title').fill(name);
    await uploadFile(page, `${name}.md`, 'text/markdown', Buffer.from(MARKDOWN_CHAPTER));
    await page.getByRole('button', { name: 'Save chapter' }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await page.goto(storyUrl);
  }
  const chapters = page.getByRole('region', { name: 'Chapters' }).getByRole('listitem');
  await expect(chapters.nth(0)).toContainText('First');
  await expect(chapters.nth(0)).toContainText('Draft');
  await page.getByRole('button', { name: 'Move “Second” up' }).click();
  await expect(chapters.nth(0)).toContainText('Second');
  await expect(chapters.nth(1)).toContainText('First');

  const characters = page.getByRole('region', { name: 'POV characters' });
  await characters.getByLabel('New character').fill('June');
  await characters.getByRole('button', { name: 'Add character' }).click();
  await expect(page.getByText('June added.')).toBeVisible();
  await expect(characters.getByLabel('Name')).toHaveCount(3);
  // Mark narrates saved chapters, so removing him is refused with a reason.
  await characters.getByRole('button', { name: 'Remove Mark' }).click();
  await expect(characters.getByRole('alert')).toContainText('Mark narrates');
  await characters.getByRole('button', { name: 'Remove June' }).click();
  await expect(page.getByText('June removed.')).toBeVisible();
  await expect(characters.getByLabel('Name')).toHaveCount(2);

  const details = page.getByRole('region', { name: 'Story details' });
  await details.getByLabel('Characters').fill('Mark, Lexie, Aunt June');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('Story details saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Story details' }).getByLabel('Characters')).toHaveValue(
    /Aunt June/,
  );

  await page.getByText(`Delete “${title}”…`).click();
  await page.getByLabel(`Yes, delete “${title}” and everything in it`).check();
  await page.getByRole('button', { name: 'Delete the story for good' }).click();
  await expect(page.getByText('The story was deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
});

test('the editor keeps unsaved drafts in the browser and refuses a save on top of someone else’s', async ({
  page,
  context,
}) => {
  await signUp(page);
  await createStory(page, unique('Drafts '));
  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('Drafty');
  await uploadFile(page, 'drafty.md', 'text/markdown', Buffer.from(MARKDOWN_CHAPTER));
  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByRole('heading', { name: 'Drafty', level: 1 })).toBeVisible();
  const editorUrl = page.url().replace(/\?.*$/, '');

  // Autosave: type, wait for the draft to be kept, reload, restore.
  const text = page.getByLabel('Text', { exact: true });
  const edited = (await text.inputValue()).replace('old paint', 'wet paint and regret');
  await text.fill(edited);
  await expect(page.getByText(/Unsaved changes kept in this browser at/)).toBeVisible({ timeout: 10_000 });
  await page.goto(editorUrl);
  await page.getByRole('button', { name: 'Restore unsaved draft' }).click();
  await expect(text).toHaveValue(/wet paint and regret/);

  // A second tab saves first; this tab's save is refused with a readable message.
  const other = await context.newPage();
  await other.goto(editorUrl);
  await other.getByLabel('Text', { exact: true }).fill(edited.replace('brass key', 'silver key'));
  await other.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(other.getByText('Saved as revision 2')).toBeVisible();
  await other.close();

  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'someone else saved this chapter while you were editing',
  );
  await expect(text).toHaveValue(/wet paint and regret/);
});
