// Issue 17: an author revises a chapter from a new .docx in the browser and sees, before saving,
// the diff and what happens to readers' comments ("1 comment stays, 1 moves, 1 becomes
// outdated", by the re-anchoring that saving runs); then saves exactly what was previewed. The
// story stays private (members read drafts), so nothing here reaches the home page's lists.
import type { Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { buildDocx, DOCX_MIME } from './helpers/docx';
import { trpcMutation, trpcQuery } from './helpers/api';

const FIRST = [
  { text: 'Mark tied the boat to the iron ring and did not look back.', bold: true },
  { text: 'Lexie watched him from the top of the lighthouse stairs.' },
  { text: 'He knew she was there, and the knowing was a weight he carried up the shingle.', bold: true },
  { text: 'She went down to meet him anyway.' },
];
const REVISED = [
  FIRST[0]!,
  { text: 'Lexie watched him from the top of the lighthouse stairs, one hand on the cold rail.' },
  { text: 'She went down to meet him anyway, and the gulls went quiet.' },
];

async function createStory(page: Page): Promise<string> {
  await page.goto('/write/new');
  await page.getByLabel('Title').fill(unique('Revise from a file '));
  await page.getByLabel('Name of POV character 1').fill('Mark');
  await page.getByLabel('Colour of POV character 1').fill('#1f6feb');
  await page.getByLabel('Name of POV character 2').fill('Lexie');
  await page.getByLabel('Colour of POV character 2').fill('#c2410c');
  await page.getByRole('button', { name: 'Create story' }).click();
  await expect(page.getByText('Story created.')).toBeVisible();
  return page.url().replace(/\?.*$/, '');
}

async function chooseBoldMark(page: Page): Promise<void> {
  await page.getByLabel(/Style mapping/).check();
  await page.getByLabel('Bold paragraphs are').selectOption('Mark');
  await page.getByLabel('Plain paragraphs are').selectOption('Lexie');
}

test('revise a chapter from a .docx: the feedback impact before saving, then the save', async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page);
  await createStory(page);

  // The first revision, through the new-chapter page: preview (staged), then save.
  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('The Jetty');
  await page
    .getByLabel(/Upload a file/)
    .setInputFiles({ name: 'the-jetty.docx', mimeType: DOCX_MIME, buffer: await buildDocx(FIRST) });
  await chooseBoldMark(page);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Using the-jetty.docx from your last preview')).toBeVisible();
  await expect(page.getByLabel(/Upload a file/)).toHaveValue('');
  await page.getByRole('button', { name: 'Save chapter' }).click();
  await expect(page.getByText('Chapter saved as a draft')).toBeVisible();
  const chapterUrl = page.url().replace(/\?.*$/, '');
  const chapterId = chapterUrl.split('/').pop() ?? '';

  // Comments on the draft: on a paragraph that stays, one that is edited, one that goes.
  type Reading = { segments: { passages: { key: string; kind: string; text: string }[] }[] };
  const draft = await trpcQuery<Reading>(page.request, page.url(), 'reading.chapter', {
    chapterId,
    draft: true,
  });
  const passages = draft.segments.flatMap((s) => s.passages).filter((p) => p.kind === 'text');
  expect(passages).toHaveLength(4);
  const comment = (phrase: string, body: string) => {
    const p = passages.find((x) => x.text.includes(phrase))!;
    const start = p.text.indexOf(phrase);
    return trpcMutation(page.request, page.url(), 'comment.create', {
      chapterId,
      passageKey: p.key,
      start,
      end: start + phrase.length,
      body,
      type: 'critique',
      visibility: 'public',
      revision: 'current',
    });
  };
  await comment('the iron ring', 'Stays');
  await comment('top of the lighthouse stairs', 'Moves with the edit');
  await comment('the knowing was a weight', 'Goes with the paragraph');

  // Revise from a new .docx on the chapter page.
  await page.goto(chapterUrl);
  await page.getByText('Revise from a file (.docx, .md, .txt) or pasted text').click();
  await page
    .getByLabel(/New version/)
    .setInputFiles({ name: 'the-jetty-v2.docx', mimeType: DOCX_MIME, buffer: await buildDocx(REVISED) });
  await chooseBoldMark(page);
  await page.getByRole('button', { name: 'Preview the new version' }).click();

  const impact = page.getByTestId('feedback-impact');
  await expect(impact).toContainText('1 comment stays, 1 moves, 1 becomes outdated');
  await expect(impact).toContainText('Passages: 0 new, 2 edited, 1 gone, 1 unchanged.');
  await expect(impact.locator('del', { hasText: 'knowing' }).first()).toBeVisible();
  await expect(impact.locator('ins').first()).toBeVisible();
  await expect(page.getByText('Using the-jetty-v2.docx from your last preview')).toBeVisible();
  const povs = await page
    .getByRole('region', { name: /Revision 2/ })
    .locator('section.segment')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-pov')));
  expect(povs).toEqual(['Mark', 'Lexie']);
  await impact.scrollIntoViewIfNeeded();
  await screenshot(page, 'revise-from-file-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await impact.scrollIntoViewIfNeeded();
  await screenshot(page, 'revise-from-file-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Save as revision 2' }).click();
  await expect(page.getByText('Saved as revision 2')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Revisions', exact: true })).toContainText('style');

  const edited = await trpcQuery<{ revision: { number: number } | null }>(
    page.request,
    page.url(),
    'chapter.get',
    {
      chapterId,
    },
  );
  expect(edited.revision?.number).toBe(2);
});
