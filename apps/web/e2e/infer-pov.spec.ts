// A plain-text two-POV chapter (its POV formatting lost in a copy): the preview offers a split
// read from the text, the author confirms its boundary with one click, and the saved chapter
// has the right segments. Nothing is applied before that click.
import type { Page } from '@playwright/test';
import { expect, signUp, test, unique } from './fixtures';

const CHAPTER = [
  'The ferry was late again, and Mark counted the gulls on the harbour wall. He had promised Lexie he would bring the brass key.',
  'He leaned on the railing and watched the water. Mark knew she would be angry, and he thought about what he would say.',
  'When the ferry finally came round the point, he picked up his bag and touched the key through the canvas.',
  '***',
  'Lexie found the lighthouse door already open, which was never a good sign.',
  'She stood at the bottom of the steps and listened. She had locked that door herself on Sunday, and she remembered the cold of the padlock.',
  'Lexie went up the stairs with the torch held low. She wondered where Mark was, and whether he had the key.',
].join('\n\n');

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a plain-text two-POV chapter: the inferred split is shown, the author confirms it, the saved chapter has the right segments', async ({
  page,
}) => {
  await signUp(page);
  await page.goto('/write/new');
  await page.getByLabel('Title').fill(unique('Lost formatting '));
  await page.getByLabel('Name of POV character 1').fill('Mark');
  await page.getByLabel('Colour of POV character 1').fill('#1f6feb');
  await page.getByLabel('Name of POV character 2').fill('Lexie');
  await page.getByLabel('Colour of POV character 2').fill('#c2410c');
  await page.getByRole('button', { name: 'Create story' }).click();
  await expect(page.getByText('Story created.')).toBeVisible();

  await page.getByRole('link', { name: 'New chapter' }).click();
  await page.getByLabel('Chapter title').fill('The Key');
  await page.getByLabel('Markdown or plain text').check();
  await page.getByLabel('Paste the chapter as Markdown or plain text').fill(CHAPTER);
  await page.getByRole('button', { name: 'Preview' }).click();

  const infer = page.getByRole('region', { name: 'Split by POV from the text itself' });
  await expect(infer.getByText('No POV markup was found')).toBeVisible();
  await infer.getByRole('button', { name: 'Infer POV from the text' }).click();

  // Two runs, Mark's then Lexie's, each with a confidence; one boundary, undecided.
  const runs = infer.locator('li.run');
  await expect(runs).toHaveCount(2);
  expect(await runs.evaluateAll((els) => els.map((e) => e.getAttribute('data-pov')))).toEqual([
    'Mark',
    'Lexie',
  ]);
  await expect(runs.first()).toContainText('3 passages');
  await expect(runs.first()).toContainText('% confidence');
  const save = infer.getByRole('button', { name: 'Save chapter with this split' });
  await expect(save).toBeDisabled();
  await expect(infer.getByText('1 boundary to confirm or move first.')).toBeVisible();
  await infer.locator('details').first().locator('summary').click();
  await shoot(page, 'infer-pov-proposed');

  // Confirming is one click; so is moving it (a move is the author's decision too).
  await infer.getByRole('button', { name: 'Confirm boundary 1' }).click();
  await expect(infer.getByText('Every boundary decided.')).toBeVisible();
  await expect(save).toBeEnabled();
  await infer.getByRole('button', { name: 'Move boundary 1 one passage earlier' }).click();
  await expect(runs.first()).toContainText('2 passages');
  await infer.getByRole('button', { name: 'Move boundary 1 one passage later' }).click();
  await expect(runs.first()).toContainText('3 passages');
  await expect(infer.getByText('Every boundary decided.')).toBeVisible();
  await shoot(page, 'infer-pov-confirmed');
  await save.click();

  await expect(page.getByText('Chapter saved as a draft')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The Key', level: 1 })).toBeVisible();
  const markup = await page.getByLabel('Text', { exact: true }).inputValue();
  const blocks = [...markup.matchAll(/::: pov (\w+)\n([\s\S]*?)\n:::/g)].map((m) => [m[1], m[2]!]);
  expect(blocks.map((b) => b[0])).toEqual(['Mark', 'Lexie']);
  expect(blocks[0]![1]).toContain('The ferry was late again');
  expect(blocks[0]![1]).toContain('touched the key through the canvas');
  expect(blocks[1]![1]).toContain('Lexie found the lighthouse door');
  expect(blocks[1]![1]).toContain('whether he had the key');
});
