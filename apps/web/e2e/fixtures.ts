import { test as base, expect, type Page } from '@playwright/test';

let counter = 0;
/** Unique per run and per call, so tests never collide on usernames or titles. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${counter}`;
}

export const PASSWORD = 'correct-horse-battery-9';

/**
 * The header's link to the signed-in account. Scoped to the main navigation: bylines and comment
 * authors link to profiles with the same name (docs/profiles.md).
 */
export function accountLink(page: Page, username: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: username, exact: true });
}

export async function signUp(page: Page, username = unique('u')): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(accountLink(page, username)).toBeVisible();
  return username;
}

export async function logIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(accountLink(page, login)).toBeVisible();
}

/** Saves a screenshot into the run's artifacts (test-results/screens). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const test = base;
export { expect };
