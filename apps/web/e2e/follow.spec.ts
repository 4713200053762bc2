// Subscriptions as a reader lives them: subscribe on the story page, the author publishes,
// the mail arrives through a real SMTP server (in this process; the app's SMTP_URL points here,
// playwright.config.ts), and its one-click unsubscribe (RFC 8058: a POST with no session and no
// Origin, as a mail provider sends it) ends the subscription. Screens go to test-results/screens/.
import { startTestSmtpServer, type TestSmtpServer } from '@margins/mail/test';
import { smtpPort } from '../playwright.config';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer({ port: smtpPort });
});
test.afterAll(async () => {
  await smtp.close();
});

test('a subscriber gets the new-chapter mail and unsubscribes in one click', async ({
  browser,
  baseURL,
  request,
}) => {
  // The author: a public story with one chapter, and a second chapter still a draft.
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signUp(author);
  const mutate = <T>(path: string, input: unknown) => trpcMutation<T>(author.request, baseURL!, path, input);
  const title = unique('Tide Tables ');
  const { id: storyId, slug } = await mutate<{ id: string; slug: string }>('story.create', {
    title,
    summary: 'The harbour keeps its own time.',
  });
  const upload = (text: string) => ({ source: `${text}\n`, format: 'markdown' });
  const one = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'Low Water',
    upload: upload('The boats sat in the mud.'),
  });
  await mutate('chapter.publish', { chapterId: one.chapterId });
  await mutate('story.publish', { storyId });
  const two = await mutate<{ chapterId: string }>('chapter.create', {
    storyId,
    title: 'High Water',
    upload: upload('The sea came back.'),
  });

  try {
    // The reader subscribes on the story page.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const reader = await signUp(page);
    // Only a confirmed address is mailed (docs/auth.md): the reader follows the confirmation mail first.
    const address = `${reader}@example.test`;
    let verify: string | undefined;
    await expect
      .poll(
        () => {
          const sent = smtp.received
            .filter(
              (m) =>
                m.subject === 'Confirm your address on Margins' &&
                m.to &&
                !Array.isArray(m.to) &&
                m.to.text === address,
            )
            .at(-1);
          verify = sent?.text ? /https?:\/\/[^\s]+\/verify\/[a-z2-9]+/.exec(sent.text)?.[0] : undefined;
          return verify;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();
    await page.goto(verify!);
    await page.getByRole('button', { name: 'Confirm this address' }).click();
    await expect(page.getByText('Your address is confirmed.')).toBeVisible();
    await page.goto(`/s/${slug}`);
    await page.getByRole('button', { name: `Subscribe to ${title}` }).click();
    await expect(page.getByRole('button', { name: `Subscribed ✓ to ${title}` })).toBeVisible();
    await screenshot(page, 'follow-story-subscribed-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'follow-story-subscribed-390');

    // The author publishes chapter 2: the mail reaches the SMTP server within the worker's poll.
    await mutate('chapter.publish', { chapterId: two.chapterId });
    const email = `${reader}@example.test`.toLowerCase();
    // The new-chapter mail only (the confirmation mail went to the same address).
    const mine = () =>
      smtp.received.filter(
        (m) =>
          m.subject?.startsWith('New chapter of') &&
          m.to &&
          'text' in m.to &&
          m.to.text.toLowerCase().includes(email),
      );
    await expect.poll(() => mine().length, { timeout: 20_000 }).toBe(1);
    const mail = mine()[0]!;
    expect(mail.subject).toBe(`New chapter of ${title}: 2. High Water`);
    expect(mail.text).toContain(`/s/${slug}/2`);
    const line = (name: string) =>
      mail.headerLines
        .find((l) => l.key === name)
        ?.line.replace(/^[^:]+:\s*/, '')
        .replace(/\r?\n\s+/g, ' ');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(line('list-unsubscribe') ?? '')?.[1];
    expect(url).toMatch(/\/unsubscribe\//);

    // The in-app notification too.
    await page.goto('/notifications');
    await expect(page.getByRole('link', { name: `New chapter of ${title}: 2. High Water` })).toBeVisible();

    // A person opening the link sees a button and nothing happens yet (link scanners GET too).
    const confirm = await browser.newPage();
    await confirm.goto(url!);
    await expect(confirm.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
    await screenshot(confirm, 'follow-unsubscribe-confirm');
    await page.goto(`/s/${slug}`);
    await expect(page.getByRole('button', { name: `Subscribed ✓ to ${title}` })).toBeVisible();

    // RFC 8058: the mail provider's POST, with no cookies and no Origin header.
    const res = await request.post(url!, {
      form: { 'List-Unsubscribe': 'One-Click' },
      headers: { cookie: '' },
    });
    expect(res.status()).toBe(200);
    await page.reload();
    await expect(page.getByRole('button', { name: `Subscribe to ${title}` })).toBeVisible();
    // The same page now says it is done.
    await confirm.reload();
    await expect(confirm.getByRole('status')).toContainText('no more mail');
    await confirm.close();
    await context.close();
  } finally {
    await mutate('story.unpublish', { storyId });
    await authorContext.close();
  }
});
