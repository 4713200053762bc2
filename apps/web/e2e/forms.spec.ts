// The form layer without JavaScript (lib/server/forms.ts): a plain form post that the API's own
// input schemas refuse comes back with each message at its field and the typed values kept; a
// logged-out visitor is sent to log in and brought back.
import { expect, PASSWORD, screenshot, signUp, test, unique } from './fixtures';

test('without JavaScript, a refused new-story form shows each field’s message and keeps what was typed', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const username = await signUp(page);
  await page.goto('/write/new');
  // The title field itself stops at 200 characters (maxlength); the schema's limit is the API's.
  const title = unique('Refused ');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Fandoms').fill(Array.from({ length: 51 }, (_, i) => `Fandom ${i}`).join(', '));
  await page.getByLabel('Name of POV character 1').fill('Mark');
  // Row 3, with row 2 left blank: the message must land on the row the author typed in.
  await page.getByLabel('Name of POV character 3').fill('mark');
  await page.getByRole('button', { name: 'Create story' }).click();

  await expect(page.getByText('Please check the highlighted fields.')).toBeVisible();
  await expect(page.getByText('At most 50 tags.')).toBeVisible();
  await expect(page.getByText('Another character has this name.')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await expect(page.getByLabel('Name of POV character 3')).toHaveValue('mark');
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, 'forms-nojs-refused-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'forms-nojs-refused-phone');
  // Nothing was created.
  await page.goto('/write');
  await expect(page.getByText(title)).toHaveCount(0);

  // Logged out, a page that needs a login sends the visitor there and back again.
  const visitor = await browser.newContext({ javaScriptEnabled: false });
  const other = await visitor.newPage();
  await other.goto('/account/tokens');
  await expect(other).toHaveURL(/\/login\?next=%2Faccount%2Ftokens$/);
  await other.getByLabel('Username or email').fill(username);
  await other.getByLabel('Password').fill(PASSWORD);
  await other.getByRole('button', { name: 'Log in' }).click();
  await expect(other).toHaveURL(/\/account\/tokens$/);
  await expect(other.getByRole('link', { name: username })).toBeVisible();
  await visitor.close();
  await context.close();
});
