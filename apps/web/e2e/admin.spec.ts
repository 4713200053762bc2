// Site administration in the browser (docs/admin.md), on a server of its own: the admin is made
// with the real command line (`pnpm margins admin grant`, run compiled against the stopped
// server's embedded database, as an operator would), then suspends a spammer from /admin — whose
// comment then disappears for readers — and restores them. /admin is a 404 to everyone else.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { apiClient, DEMO_PASSWORD } from './helpers/api';
import { startOwnServer, type OwnServer } from './helpers/own-server';
import { expect, PASSWORD, test, unique } from './fixtures';

const ADMIN_CLI = resolve('../../packages/api/dist/admin-cli.js');
const SPAM = 'Cheap ledgers at spam.example, click now';

test.describe.configure({ timeout: 300_000 });

let dir: string;
let server: OwnServer;
const contexts: APIRequestContext[] = [];

function start(dataDir: string): Promise<OwnServer> {
  return startOwnServer({
    MARGINS_DATA_DIR: dataDir,
    MARGINS_SEED_DEMO: 'true',
    MARGINS_SIGNUPS_PER_IP_PER_HOUR: '1000',
  });
}

async function signedUp(origin: string, username: string) {
  const request = await playwrightRequest.newContext({ baseURL: origin });
  contexts.push(request);
  const api = apiClient(request, origin);
  await api.auth.signUp.mutate({ username, email: `${username}@example.test`, password: PASSWORD });
  return api;
}

async function logIn(page: Page, origin: string, username: string, password = PASSWORD) {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('link', { name: username })).toBeVisible();
}

async function both(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/admin-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margins-admin-'));
});
test.afterAll(async () => {
  for (const c of contexts) await c.dispose();
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('an admin made on the command line suspends a spammer: their comment disappears for readers, and comes back on restore', async ({
  browser,
}) => {
  const dataDir = join(dir, 'pglite');
  server = await start(dataDir);
  const boss = unique('boss');
  const spammer = unique('spam');
  const plain = unique('plain');
  await signedUp(server.origin, boss);
  const plainApi = await signedUp(server.origin, plain);
  const spamApi = await signedUp(server.origin, spammer);
  // Over the API too, the admin procedures do not exist for a user without the role.
  await expect(plainApi.admin.users.query({ query: spammer })).rejects.toMatchObject({
    data: { httpStatus: 404 },
  });

  // The spammer comments on the demo story's first chapter.
  const { stories } = await spamApi.story.browse.query({ query: 'Lighthouse Ledger' });
  const slug = stories[0]!.slug;
  const { chapterId } = await spamApi.reading.chapterAt.query({ slug, number: 1 });
  const chapter = await spamApi.reading.chapter.query({ chapterId });
  const passage = chapter.segments.flatMap((s) => s.passages).find((p) => p.kind === 'text')!;
  const comment = await spamApi.comment.create.mutate({ chapterId, passageKey: passage.key, body: SPAM });
  // A reader reports the comment (its story's owner gets that too); the story they report from its page below.
  await plainApi.moderation.report.mutate({
    targetType: 'comment',
    targetId: comment.id,
    reason: 'Spam link',
  });

  // The operator stops the server and grants the role on its command line (the demo seed makes no admin).
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  // eslint-disable-next-line no-restricted-properties -- the command needs PATH and the rest as given
  const env = { ...process.env, MARGINS_DATA_DIR: dataDir, DATABASE_URL: '' };
  const grant = spawnSync(process.execPath, [ADMIN_CLI, 'grant', boss], { env, encoding: 'utf8' });
  expect(grant.stdout).toContain(`${boss} is now a site admin`);
  expect(grant.status).toBe(0);
  await server.dispose();
  server = await start(dataDir);
  const origin = server.origin;

  // Readers see the comment (anonymous: the cached list, which the suspension must invalidate).
  const reader = await browser.newPage();
  const chapterUrl = `${origin}/s/${slug}/1`;
  const spamCount = reader.locator('.passage', { has: reader.locator(`[data-passage="${passage.key}"]`) });
  await reader.goto(chapterUrl);
  await expect(spamCount.getByRole('link', { name: '1 comment' })).toBeVisible();
  await spamCount.getByRole('link', { name: '1 comment' }).click();
  await expect(reader.getByText(SPAM)).toBeVisible();

  // Nobody else finds the admin pages: signed out, or signed in without the role.
  for (const path of ['/admin', '/admin/reports', '/admin/audit', '/admin/outbox', '/admin/jobs']) {
    expect((await reader.goto(`${origin}${path}`))?.status()).toBe(404);
  }
  const someone = await browser.newPage();
  await logIn(someone, origin, plain);
  const refused = await someone.goto(`${origin}/admin`);
  expect(refused?.status()).toBe(404);
  await expect(someone.getByText('Suspend')).toHaveCount(0);

  // Readers report a person from their profile and a story from its page (both go to the admins).
  await someone.goto(`${origin}/u/${spammer}`);
  await someone.getByText(`Report ${spammer}`).click();
  await someone.getByLabel('What is wrong?').fill('Spam account, reported from the profile');
  await someone.getByRole('button', { name: 'Send the report' }).click();
  await expect(someone.getByRole('status')).toContainText('The site’s moderators will look at it.');
  await someone.goto(`${origin}/s/${slug}`);
  await someone.getByText('Report this story').click();
  await someone.getByLabel('What is wrong?').fill('Testing a story report');
  await someone.getByRole('button', { name: 'Send the report' }).click();
  await expect(someone.getByRole('status')).toContainText('The site’s moderators will look at it.');

  // The admin works the report queue: suspends the comment's author, resolves the report.
  const admin = await browser.newPage();
  await logIn(admin, origin, boss);
  await admin.goto(`${origin}/admin/reports`);
  await expect(admin.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await both(admin, 'reports');
  await expect(
    admin.getByRole('listitem').filter({ hasText: 'Spam account, reported from the profile' }),
  ).toBeVisible();
  await expect(admin.getByRole('listitem').filter({ hasText: 'Testing a story report' })).toBeVisible();
  const report = admin.getByRole('listitem').filter({ hasText: 'Spam link' });
  await expect(report).toContainText(SPAM);
  await report.getByLabel(`Reason for suspending ${spammer}`).fill('Spam links in comments');
  await report.getByRole('button', { name: `Suspend ${spammer}` }).click();
  await expect(report.getByRole('status')).toContainText(`${spammer} is suspended`);
  await expect(report.getByText('suspended', { exact: true })).toBeVisible();
  await report.getByLabel('Note for the audit log (optional)').fill('Account suspended');
  await report.getByRole('button', { name: 'Resolve' }).click();
  await expect(admin.getByRole('status')).toContainText('Report resolved.');
  await admin.goto(`${origin}/admin?q=${spammer}`);
  await expect(
    admin.getByRole('listitem').filter({ hasText: spammer }).getByText('suspended', { exact: true }),
  ).toBeVisible();
  await both(admin, 'accounts');

  // The comment is gone for readers: no count on the passage, no text in its thread.
  await reader.goto(chapterUrl);
  await expect(spamCount.getByRole('link', { name: 'Comment on this passage' })).toBeVisible();
  await expect(reader.getByText(SPAM)).toHaveCount(0);

  // The spammer is signed out and cannot sign in, and is told why.
  const spamPage = await browser.newPage();
  await spamPage.goto(`${origin}/login`);
  await spamPage.getByLabel('Username or email').fill(spammer);
  await spamPage.getByLabel('Password').fill(PASSWORD);
  await spamPage.getByRole('button', { name: 'Log in' }).click();
  await expect(spamPage.getByRole('alert')).toContainText('suspended by the site’s administrators');
  await both(spamPage, 'suspended-login');

  // Restoring brings the comment back.
  await admin.goto(`${origin}/admin`);
  const suspended = admin.getByRole('listitem').filter({ hasText: spammer });
  await suspended.getByLabel('Note for the audit log (optional)').fill('Appealed; links removed');
  await suspended.getByRole('button', { name: `Restore ${spammer}` }).click();
  await expect(admin.getByRole('status')).toContainText(`${spammer} is restored`);
  await reader.goto(chapterUrl);
  await expect(spamCount.getByRole('link', { name: '1 comment' })).toBeVisible();

  // The reported story: hidden, it is a 404 to readers, and its owner is told why.
  await admin.goto(`${origin}/admin/reports`);
  const storyReport = admin.getByRole('listitem').filter({ hasText: 'Testing a story report' });
  await storyReport.getByLabel(/Reason for hiding/).fill('Hidden while we check a claim');
  await storyReport.getByRole('button', { name: 'Hide story' }).click();
  await expect(storyReport.getByRole('status')).toContainText('The story is hidden');
  expect((await reader.goto(chapterUrl))?.status()).toBe(404);
  const owner = await browser.newPage();
  await logIn(owner, origin, 'demo', DEMO_PASSWORD);
  await owner.goto(`${origin}/write`);
  await expect(owner.getByText('Hidden from readers by the site’s administrators')).toContainText(
    'Hidden while we check a claim',
  );
  await both(owner, 'owner-hidden');
  await storyReport.getByRole('button', { name: 'Unhide story' }).click();
  await expect(storyReport.getByRole('status')).toContainText('The story is back for readers.');
  await storyReport.getByRole('button', { name: 'Dismiss' }).click();
  expect((await reader.goto(chapterUrl))?.status()).toBe(200);

  // The audit log names each action, who did it and why, newest first.
  await admin.goto(`${origin}/admin/audit`);
  const log = admin.getByRole('list').filter({ hasText: 'suspended' }).getByRole('listitem');
  await expect(log).toHaveCount(7);
  await expect(log.nth(0)).toContainText(`${boss} dismissed the report`);
  await expect(log.nth(1)).toContainText(`${boss} unhid the story`);
  await expect(log.nth(2)).toContainText(`${boss} hid the story`);
  await expect(log.nth(3)).toContainText(`${boss} restored ${spammer}`);
  await expect(log.nth(4)).toContainText(`${boss} resolved the report`);
  await expect(log.nth(5)).toContainText(`${boss} suspended ${spammer}`);
  await expect(log.nth(5)).toContainText('Spam links in comments');
  await expect(log.nth(6)).toContainText(`command line made a site admin ${boss}`);
  await both(admin, 'audit');

  // The kept mail (no SMTP server here) and the job queue, read-only.
  await admin.goto(`${origin}/admin/outbox`);
  await expect(admin.getByText('Confirm your address on Margins').first()).toBeVisible();
  await both(admin, 'outbox');
  await admin.goto(`${origin}/admin/jobs`);
  await expect(admin.getByRole('cell', { name: 'mail.send' }).first()).toBeVisible();
  await both(admin, 'jobs');
});
