import { expect, logIn, PASSWORD, signUp, test, unique } from './fixtures';

test('a new user signs up, logs out, logs back in and sees the session', async ({ page }) => {
  const username = await signUp(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await logIn(page, username);
  await page.getByRole('link', { name: username }).click();
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  await expect(page.getByText('(this device)')).toBeVisible();
});

test('sign-up explains what is wrong, per field', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(unique('w'));
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('.field-error').first()).toBeVisible();
  await expect(page).toHaveURL(/\/signup/);
});

test('a wrong password is refused with a message, and the session cookie is HttpOnly', async ({
  page,
  context,
}) => {
  const username = await signUp(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.endsWith('margins_session'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  await context.clearCookies();
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(PASSWORD + 'x');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
});

test('the API refuses a cross-site mutation', async ({ request }) => {
  const res = await request.post('/api/trpc/auth.logOut', {
    headers: {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/json',
    },
    data: {},
  });
  expect(res.status()).toBe(403);
});
