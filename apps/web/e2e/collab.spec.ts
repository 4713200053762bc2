// Collaboration in the browser and over HTTP: API tokens (shown once, scopes, revocation, the
// bearer path beside the CSRF rule, API and downloads only, revoked by a password change), inviting a co-author who accepts, two people saving the
// same chapter and merging, and the export downloads.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { fromWire, queryUrl, wire } from './helpers/api';

async function createToken(page: Page, name: string, scope: 'read' | 'write'): Promise<string> {
  await page.goto('/account/tokens');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: scope === 'read' ? /Read/ : /Write/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const field = page.getByLabel('Token', { exact: true });
  await expect(field).toHaveValue(/^mrg_/);
  return field.inputValue();
}

/** A tRPC call over HTTP with a bearer token, as the CLI makes it. */
async function trpc(
  request: APIRequestContext,
  token: string,
  path: string,
  input?: unknown,
  kind: 'query' | 'mutation' = 'mutation',
) {
  const headers = { authorization: `Bearer ${token}` };
  const response =
    kind === 'query'
      ? await request.get(queryUrl(path, input), { headers })
      : await request.post(`/api/trpc/${path}`, { headers, data: wire(input ?? {}) });
  return {
    status: response.status(),
    body: fromWire<unknown>(await response.json()),
  };
}

test('tokens, an invited co-author, a conflict merged in the editor, and the exports', async ({
  page,
  browser,
  playwright,
}) => {
  const owner = await signUp(page);
  const writeToken = await createToken(page, 'laptop', 'write');
  await screenshot(page, 'tokens-created');
  await page.reload();
  await expect(page.getByLabel('Token', { exact: true })).toHaveCount(0); // shown once
  const readToken = await createToken(page, 'reader script', 'read');

  // The bearer path: no cookies, no Origin — the CSRF rule is for cookie requests only.
  const bare = await playwright.request.newContext({ baseURL: page.url().replace(/\/account.*$/, '') });
  const me = await trpc(bare, writeToken, 'user.me', undefined, 'query');
  expect((me.body.result?.data as { username: string }).username).toBe(owner);
  const story = await trpc(bare, writeToken, 'story.create', { title: unique('Shared ') });
  expect(story.status).toBe(200);
  const { id: storyId, slug } = story.body.result?.data as { id: string; slug: string };
  await trpc(bare, writeToken, 'story.addCharacter', { storyId, name: 'Mark', color: '#1f6feb' });
  await trpc(bare, writeToken, 'story.addCharacter', { storyId, name: 'Lexie', color: '#c2410c' });
  const source =
    '::: pov Mark\n\nMark counted the gulls.\n\n:::\n\n::: pov Lexie\n\nLexie opened the door.\n\n:::\n';
  const created = await trpc(bare, writeToken, 'chapter.create', {
    storyId,
    title: 'Gulls',
    upload: { source, format: 'markdown' },
  });
  const { chapterId } = created.body.result?.data as { chapterId: string };

  // A read token reads but cannot write; a revoked token is refused; a wrong one too.
  expect((await trpc(bare, readToken, 'reading.toc', { slug }, 'query')).status).toBe(200);
  const readOnly = await trpc(bare, readToken, 'story.create', { title: 'Nope' });
  expect(readOnly.status).toBe(403);
  expect(readOnly.body.error?.message).toContain('read-only');
  await page.goto('/account/tokens');
  await page.getByRole('button', { name: 'Revoke token reader script' }).click();
  await expect(page.getByText('Token “reader script” revoked')).toBeVisible();
  const revoked = await trpc(bare, readToken, 'user.me', undefined, 'query');
  expect(revoked.status).toBe(401);
  expect(revoked.body.error?.message).toContain('revoked or mistyped');
  // Cookies without the same-origin signal are still refused (CSRF), bearer or not aside.
  const csrf = await page.request.post('/api/trpc/story.create', {
    data: { title: 'Cross-site' },
    headers: { 'sec-fetch-site': 'cross-site' },
  });
  expect(csrf.status()).toBe(403);

  // Invite a co-author; they join only by accepting.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const coauthor = await signUp(other);
  await page.goto(`/write/${storyId}`);
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await page.getByLabel('Username').fill(coauthor);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent: ${coauthor}`)).toBeVisible();
  await other.goto(`/write/${storyId}/chapters/${chapterId}`);
  await expect(other.getByRole('heading', { name: 'Gulls' })).toHaveCount(0);
  // The invitee finds it from the header, which counts the invitations waiting for them.
  await other.goto('/');
  await other.getByRole('link', { name: 'Invitations, 1 pending' }).click();
  await expect(other).toHaveURL(/\/invitations$/);
  await other.getByRole('button', { name: /^Accept the invitation/ }).click();
  await expect(other).toHaveURL(new RegExp(`/write/${storyId}`));
  // Answered: nothing waits any more, so the header no longer offers the page.
  await expect(other.getByRole('link', { name: /^Invitations/ })).toHaveCount(0);

  // Both open the chapter; the co-author saves first, the owner's save is refused and merged.
  const editor = `/write/${storyId}/chapters/${chapterId}`;
  await page.goto(editor);
  await other.goto(editor);
  const theirs = other.getByLabel('Text', { exact: true });
  await theirs.fill(
    (await theirs.inputValue()).replace('opened the door', 'opened the door and the shutters'),
  );
  await other.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(other.getByText('Saved as revision 2')).toBeVisible();

  const mine = page.getByLabel('Text', { exact: true });
  await mine.fill((await mine.inputValue()).replace('counted the gulls', 'counted the gulls twice'));
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'someone else saved this chapter while you were editing',
  );
  await expect(page.getByRole('alert')).toContainText(`${coauthor}`);
  await expect(mine).toHaveValue(/counted the gulls twice/);
  await screenshot(page, 'conflict-merge');
  await page.getByRole('button', { name: 'Put the merged text in the editor' }).click();
  await expect(mine).toHaveValue(/counted the gulls twice[\s\S]*opened the door and the shutters/);
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(page.getByText('Saved as revision 3')).toBeVisible();
  await expect(page.getByRole('list').filter({ hasText: coauthor }).first()).toBeVisible();

  // Downloads for members: Markdown and EPUB; no feed for a private story.
  const md = await page.request.get(`/s/${slug}/export.md`);
  expect(md.status()).toBe(200);
  expect(await md.text()).toContain('counted the gulls twice');
  const epub = await page.request.get(`/s/${slug}/export.epub`);
  expect(epub.headers()['content-type']).toBe('application/epub+zip');
  expect((await epub.body()).subarray(30, 38).toString()).toBe('mimetype');
  expect((await page.request.get(`/s/${slug}/feed.xml`)).status()).toBe(404);
  const viaToken = await bare.get(`/s/${slug}/export.md`, {
    headers: { authorization: `Bearer ${writeToken}` },
  });
  expect(viaToken.status()).toBe(200);

  // Tokens do what docs/collaboration.md says: /api/trpc and downloads, never the website's pages,
  // never the account's password or sessions, and a password change revokes them.
  const bearer = { authorization: `Bearer ${writeToken}` };
  for (const path of [
    '/',
    '/account',
    '/account/tokens',
    '/dashboard',
    `/write/${storyId}`,
    '/notifications',
  ]) {
    const res = await bare.get(path, { headers: bearer, maxRedirects: 0 });
    expect(res.status(), path).toBe(403);
    expect(await res.text(), path).not.toContain(owner);
  }
  for (const path of ['auth.changePassword', 'auth.logOutEverywhere', 'auth.revokeSession', 'token.create']) {
    const res = await trpc(bare, writeToken, path, {
      currentPassword: 'correct-horse-battery-9',
      newPassword: 'a token must not set this',
      sessionId: 'x',
      name: 'more',
      scope: 'write',
    });
    expect(res.status, path).toBe(403);
  }
  expect((await trpc(bare, writeToken, 'auth.sessions', undefined, 'query')).status).toBe(403);
  await page.goto('/account');
  await page.getByLabel('Current password').fill('correct-horse-battery-9');
  await page.getByLabel('New password').fill('a new lamp for the north jetty');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('your API tokens were revoked')).toBeVisible();
  expect((await trpc(bare, writeToken, 'user.me', undefined, 'query')).status).toBe(401);
  expect((await bare.get(`/s/${slug}/export.md`, { headers: bearer })).status()).toBe(401);

  await otherContext.close();
  await bare.dispose();
});
