// Beta rounds end to end on the production build: the author opens a round on a chapter and
// creates a private link; a second user opens it (a GET that binds nothing), joins it (a POST),
// reads, comments on a passage and gives a verdict; the author sees that feedback on the round
// page; an outsider gets 404 for the round and finds no trace of it on the public chapter; the
// author resolves the comment in the to-do list and the still-open count drops.
import { expect, logIn, screenshot, signUp, test, unique } from './fixtures';

const DEMO_PASSWORD = 'margins-demo-2026';

test('a beta round stays private: link, feedback, outsider 404, to-do', async ({ page, browser }) => {
  const body = `${unique('beta')} — the harbour scene loses me here`;
  const verdictBody = `${unique('verdict')} almost there`;

  // The author opens a round on chapter 1 and creates a private link.
  await logIn(page, 'demo', DEMO_PASSWORD);
  await page.goto('/write');
  await page.getByRole('link', { name: 'The Lighthouse Ledger' }).first().click();
  const storyPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Beta rounds' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beta rounds' })).toBeVisible();
  await page.getByLabel('Chapter').selectOption({ label: 'The Hour Before (published)' });
  await page.getByRole('button', { name: 'Open a round on its current draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Beta round: The Hour Before/ })).toBeVisible();
  const roundPath = new URL(page.url()).pathname;
  const roundId = roundPath.split('/').at(-1)!;
  await page.getByLabel('Link expires after').selectOption('7');
  await page.getByRole('button', { name: 'Create a private link' }).click();
  const link = await page.getByTestId('private-link').inputValue();
  expect(link).toMatch(/\/beta\/[A-Za-z0-9_-]{40,}$/);

  // A second user: logged out, the link asks to log in first; signed up, it shows the round and a
  // Join button. Opening it changes nothing (a GET): the round is not theirs until they join (a POST).
  const betaContext = await browser.newContext();
  const beta = await betaContext.newPage();
  await beta.goto(link);
  await expect(beta).toHaveURL(/\/login\?next=/);
  await signUp(beta);
  await beta.goto(link);
  await expect(beta.getByRole('heading', { level: 1, name: 'Join a beta round' })).toBeVisible();
  await expect(beta.getByText('The Hour Before')).toBeVisible();
  expect((await beta.request.get(`/beta/rounds/${roundId}`)).status()).toBe(404);
  await beta.getByRole('button', { name: 'Join the round' }).click();
  await expect(beta).toHaveURL(new RegExp(`/beta/rounds/${roundId}$`));
  await expect(beta.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  const firstPassage = beta.locator('.passage').first();
  await firstPassage.getByText('Comment on this passage').click();
  await firstPassage.getByLabel('Kind').selectOption('critique');
  await firstPassage.getByLabel('Your comment').fill(body);
  await firstPassage.getByRole('button', { name: 'Save comment' }).click();
  await expect(beta.getByRole('status')).toContainText('Comment saved');
  await expect(beta.locator('.my-comment', { hasText: body })).toBeVisible();
  await beta.getByLabel('Nay').check();
  await beta.getByLabel('Why (optional)').fill(verdictBody);
  await beta.getByRole('button', { name: 'Save verdict' }).click();
  await expect(beta.getByRole('status')).toContainText('Verdict saved');
  await screenshot(beta, 'beta-reader-round');

  // The author sees the feedback on the round page.
  await page.goto(roundPath);
  await expect(page.locator('.feedback', { hasText: body })).toBeVisible();
  await expect(page.locator('.verdict', { hasText: verdictBody })).toContainText('Nay');
  await screenshot(page, 'beta-round-author');

  // An outsider: 404 for the round (both pages), nothing on the public chapter.
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signUp(outsider);
  expect((await outsider.goto(`/beta/rounds/${roundId}`))!.status()).toBe(404);
  expect((await outsider.goto(roundPath))!.status()).toBe(404);
  expect((await outsider.goto(`${storyPath}/beta`))!.status()).toBe(404);
  await outsider.goto('/s/the-lighthouse-ledger/1');
  await expect(outsider.getByRole('heading', { level: 1, name: 'The Hour Before' })).toBeVisible();
  const html = await outsider.content();
  expect(html).not.toContain(body);
  expect(html).not.toContain(verdictBody);
  expect(html).not.toContain(roundId);
  // The used link is bound to the beta reader: for anyone else it is a 404.
  expect((await outsider.goto(link))!.status()).toBe(404);

  // The author resolves the comment in the to-do list; the still-open count drops.
  await page.getByRole('link', { name: 'Feedback to-do' }).click();
  const stillOpen = async () =>
    Number((await page.getByTestId('still-open').innerText()).replace(/[^0-9]/g, ''));
  const before = await stillOpen();
  expect(before).toBeGreaterThanOrEqual(1);
  const item = page.locator('.item', { hasText: body });
  await expect(item).toContainText('Beta round');
  await item.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('still-open')).toHaveText(`${before - 1} still open`);
  await expect(page.locator('.item', { hasText: body })).toHaveAttribute('data-resolution', 'resolved');
  await screenshot(page, 'feedback-todo');

  await betaContext.close();
  await outsiderContext.close();
});
