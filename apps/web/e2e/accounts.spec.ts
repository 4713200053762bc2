// Addresses and recovery in the browser, with mail through a real SMTP server in this process
// (the server under test has SMTP_URL pointing here; playwright.config.ts).
import { startTestSmtpServer, type TestSmtpServer } from '@margins/mail/test';
import { smtpPort } from '../playwright.config';
import { expect, PASSWORD, screenshot, test, unique } from './fixtures';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer({ port: smtpPort });
});
test.afterAll(async () => {
  await smtp?.close();
});

/** The link of the newest mail to `to` with this subject, once it has arrived. */
async function linkFromMail(to: string, subject: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mail = smtp.received
          .filter((m) => m.subject === subject && m.to && !Array.isArray(m.to) && m.to.text === to)
          .at(-1);
        link = mail?.text ? new RegExp(`https?://[^\\s]+/${path}/[a-z2-9]+`).exec(mail.text)?.[0] : undefined;
        return link;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  return link!;
}

test('sign up with an address, confirm it from the mail, forget the password, reset it from the mail: old sessions are gone', async ({
  page,
  browser,
}) => {
  const username = unique('mail');
  const email = `${username.toLowerCase()}@example.test`;
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('link', { name: username })).toBeVisible();
  await expect(page.getByText(`Confirm your address: we sent a link to ${email}`)).toBeVisible();

  const verify = await linkFromMail(email, 'Confirm your address on Margins', 'verify');
  await page.goto(verify);
  await expect(
    page.getByText(`Use ${email} as the address of the Margins account ${username}?`),
  ).toBeVisible();
  await screenshot(page, 'accounts-verify');
  await page.getByRole('button', { name: 'Confirm this address' }).click();
  await expect(page.getByText('Your address is confirmed.')).toBeVisible();
  await expect(page.locator('#address')).toContainText(`${email} (confirmed)`);
  await expect(page.getByText('Confirm your address: we sent')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'accounts-account-1280');

  // A second device, signed in with the address.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/login');
  await otherPage.getByLabel('Username or email').fill(email);
  await otherPage.getByLabel('Password').fill(PASSWORD);
  await otherPage.getByRole('button', { name: 'Log in' }).click();
  await expect(otherPage.getByRole('link', { name: username })).toBeVisible();

  // Forgotten: log out here and ask for a link.
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  const answer = page.getByRole('status');
  await expect(answer).toContainText(`If ${email} is the confirmed address of a Margins account`);
  const known = (await answer.innerText()).replace(email, '<address>');
  await page.setViewportSize({ width: 390, height: 800 });
  await screenshot(page, 'accounts-forgot-390');

  // The same page for an address nobody has.
  const nobody = `${unique('nobody').toLowerCase()}@example.test`;
  await page.goto('/forgot');
  await page.getByLabel('Email').fill(nobody);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(nobody);
  expect((await page.getByRole('status').innerText()).replace(nobody, '<address>')).toBe(known);

  const reset = await linkFromMail(email, 'Reset your Margins password', 'reset');
  await page.goto(reset);
  await expect(page.getByText(`For the account ${username}.`)).toBeVisible();
  await screenshot(page, 'accounts-reset-390');
  const newPassword = `${PASSWORD}-renewed`;
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(
    page.getByText('Your password is changed, and every other device was signed out.'),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: username })).toBeVisible();

  // The other device's session is gone.
  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  // The link worked once.
  await page.goto(reset);
  await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
  expect(smtp.received.some((m) => m.to && !Array.isArray(m.to) && m.to.text === nobody)).toBe(false);
});
