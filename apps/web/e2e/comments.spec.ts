// Inline comments, live updates, re-anchoring across an edit, the outdated tray, reviews,
// moderation and notifications — end to end, in real browsers. Each test makes its own story
// (unique names), so the demo story that the reading tests count stays untouched.
// Screens go to test-results/screens/.
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, screenshot, signUp, test, unique } from './fixtures';
import { trpcMutation } from './helpers/api';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 800, height: 1100 };

const PASSAGES = {
  harbour: 'The harbour lights came on one by one, and the ferry was late again.',
  gulls: 'Mara counted the gulls on the pier while the tea went cold in her cpu.',
  red: 'Nobody on the island remembered who had painted the lighthouse red.',
};

/** A tRPC mutation as the page's user (same-origin, like the app's own requests). */
function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  return trpcMutation<T>(page.request, page.url(), path, input);
}

/** A new author with a public story of one published chapter (three passages). */
async function publishedStory(page: Page) {
  const author = await signUp(page);
  const story = await mutate<{ id: string; slug: string }>(page, 'story.create', {
    title: unique('Harbour Notes '),
    summary: 'Gulls, tea and a red lighthouse.',
  });
  const source = `${PASSAGES.harbour}\n\n${PASSAGES.gulls}\n\n${PASSAGES.red}\n`;
  const chapter = await mutate<{ chapterId: string }>(page, 'chapter.create', {
    storyId: story.id,
    title: 'The Pier',
    upload: { source, format: 'markdown' },
  });
  await mutate(page, 'chapter.publish', { chapterId: chapter.chapterId });
  await mutate(page, 'story.publish', { storyId: story.id });
  return {
    author,
    storyId: story.id,
    slug: story.slug,
    chapterId: chapter.chapterId,
    url: `/s/${story.slug}/1`,
  };
}

async function reader(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  const name = await signUp(page);
  return { context, page, name };
}

const passage = (page: Page, words: string): Locator =>
  page.locator('[data-passage]').filter({ hasText: words });
const margin = (page: Page, words: string): Locator =>
  page.locator('.passage').filter({ has: passage(page, words) });

async function hydrated(page: Page) {
  await expect(page.getByText('Keyboard:')).toBeVisible();
}

/** Selects `phrase` inside a passage, as a mouse or keyboard selection would. */
async function select(page: Page, words: string, phrase: string) {
  await passage(page, words).evaluate((el, phrase) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
      const i = t.data.indexOf(phrase);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(t, i);
      range.setEnd(t, i + phrase.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      return;
    }
    throw new Error(`"${phrase}" is not in the passage`);
  }, phrase);
}

/** The words under the comment panel's highlight (CSS Custom Highlight API). */
const highlighted = (page: Page) =>
  page.evaluate(() =>
    [
      ...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('margins-active') ?? []),
    ].map((r) => r.toString()),
  );

/**
 * The comment panel never covers the site header. Wide screen: a side panel whose top is the
 * header's bottom edge while the header is on screen, and the window's top once it has scrolled
 * away (full height, so the whole panel stays usable). Tablet and phone: a bottom sheet below
 * the header.
 */
async function panelClearsHeader(page: Page, panel: Locator) {
  const edges = async () => {
    const [header, box] = await Promise.all([page.locator('header.site').boundingBox(), panel.boundingBox()]);
    if (!header || !box) throw new Error('header or panel not rendered');
    return {
      headerBottom: header.y + header.height,
      top: box.y,
      bottom: box.y + box.height,
      left: box.x,
      width: box.width,
    };
  };
  const scroll = (y: number) => page.evaluate((y) => window.scrollTo(0, y), y);
  for (const viewport of [DESKTOP, TABLET, PHONE]) {
    await page.setViewportSize(viewport);
    await scroll(0);
    await expect
      .poll(async () => {
        const e = await edges();
        return e.top - e.headerBottom;
      })
      .toBeGreaterThanOrEqual(0);
    if (viewport === DESKTOP) {
      const atTop = await edges();
      expect(atTop.top).toBeCloseTo(atTop.headerBottom, 0);
      // Scrolled down: the header is gone and the panel fills the window's height.
      await scroll(10_000);
      await expect
        .poll(async () => {
          const e = await edges();
          return e.top - Math.max(0, e.headerBottom);
        })
        .toBeCloseTo(0, 0);
      expect((await edges()).bottom).toBeCloseTo(viewport.height, 0);
      await scroll(0);
    } else {
      // Too narrow to move the text aside: a bottom sheet across the width, never a side panel
      // over the right part of the text.
      const sheet = await edges();
      expect(sheet.left).toBe(0);
      expect(sheet.width).toBeCloseTo(viewport.width, 0);
      expect(sheet.bottom).toBeCloseTo(viewport.height, 0);
    }
  }
  await page.setViewportSize(DESKTOP);
}

async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

test('a phrase comment appears live for another reader, survives a typo fix, and a deleted passage’s comment goes to the outdated tray', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);

  const a = await reader(browser);
  const b = await reader(browser);
  await b.page.goto(story.url);
  await hydrated(b.page);
  await expect(
    margin(b.page, 'counted the gulls').getByRole('link', { name: /comment/i }),
  ).toHaveAccessibleName('Comment on this passage');

  // Reader A selects "counted the gulls" and comments on it.
  await a.page.goto(story.url);
  await hydrated(a.page);
  await select(a.page, 'counted the gulls', 'counted the gulls');
  await a.page.getByRole('button', { name: 'Comment on selection' }).click();
  const panelA = a.page.getByRole('complementary', { name: /Comments on this passage/ });
  await expect(panelA.locator('.about q')).toHaveText('counted the gulls');
  await panelA.getByLabel('Your comment').fill('The gulls are a lovely clock.');
  await panelA.getByText('Reaction').click();
  await panelA.getByRole('button', { name: 'Post comment' }).click();
  await expect(panelA.getByRole('article', { name: `Comment by ${a.name}` })).toContainText(
    'The gulls are a lovely clock.',
  );
  expect(await highlighted(a.page)).toEqual(['counted the gulls']);

  // Reader B, already on the page, sees it arrive without reloading.
  const badge = margin(b.page, 'counted the gulls').getByRole('link', { name: '1 comment' });
  await expect(badge).toBeVisible();
  await expect(b.page.getByText('1 new comment')).toBeAttached();
  await badge.click();
  const panelB = b.page.getByRole('complementary', { name: /Comments on this passage/ });
  await expect(panelB.getByText('The gulls are a lovely clock.')).toBeVisible();
  expect(await highlighted(b.page)).toEqual(['counted the gulls']);
  await panelClearsHeader(b.page, panelB);
  await both(b.page, 'comments-panel-open');

  // B reports it; Escape closes the panel and focus returns to the margin link.
  await panelB.getByRole('button', { name: 'Report' }).click();
  await panelB.getByLabel('What is wrong with this comment?').fill('Testing the report flow.');
  await panelB.getByRole('button', { name: 'Send report' }).click();
  await expect(panelB.getByText('Reported.')).toBeVisible();
  await b.page.keyboard.press('Escape');
  await expect(panelB).toHaveCount(0);
  await expect(badge).toBeFocused();

  // On a tablet the panel opens as a bottom sheet, and the passage it is about is scrolled into
  // view above it.
  await b.page.setViewportSize(TABLET);
  await b.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await badge.click();
  await expect(panelB.getByText('The gulls are a lovely clock.')).toBeVisible();
  const passage = b.page.locator('p[data-passage]', { hasText: 'counted the gulls' });
  await expect
    .poll(async () => {
      const [p, sheet] = await Promise.all([passage.boundingBox(), panelB.boundingBox()]);
      return p && sheet && p.y >= 0 && p.y + Math.min(p.height, 60) <= sheet.y;
    })
    .toBe(true);
  await b.page.keyboard.press('Escape');
  await expect(panelB).toHaveCount(0);
  await b.page.setViewportSize(DESKTOP);

  // The author has a notification.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();

  // A comments on the whole last passage from its margin (keyboard: focus the link, Enter).
  await margin(a.page, 'painted the lighthouse')
    .getByRole('link', { name: 'Comment on this passage' })
    .focus();
  await a.page.keyboard.press('Enter');
  await expect(panelA.getByText('On the whole passage')).toBeVisible();
  await panelA.getByLabel('Your comment').fill('Red is the right colour for it.');
  await panelA.getByText('Private note to the author').click();
  await panelA.getByText('Everyone').click();
  await panelA.getByRole('button', { name: 'Post comment' }).click();
  await expect(panelA.getByText('Red is the right colour for it.')).toBeVisible();
  await expect(
    margin(b.page, 'painted the lighthouse').getByRole('link', { name: '1 comment' }),
  ).toBeVisible();

  // The author fixes the typo in that passage ("cpu" → "cup") and removes the last one.
  await page.goto(`/write/${story.storyId}/chapters/${story.chapterId}`);
  const editor = page.getByLabel('Text', { exact: true });
  await expect(editor).toHaveValue(/cpu/);
  const revised =
    (await editor.inputValue()).replace('in her cpu.', 'in her cup.').replace(PASSAGES.red, '').trimEnd() +
    '\n';
  await editor.fill(revised);
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await expect(page.getByText('Saved as revision 2')).toBeVisible();
  await page.getByRole('button', { name: 'Publish revision 2 now' }).click();
  await expect(page.getByText('Published: readers now see the latest revision.')).toBeVisible();

  // Readers: the comment still sits on "counted the gulls"; the other one is marked outdated.
  await b.page.reload();
  await hydrated(b.page);
  await expect(b.page.getByText('in her cup.')).toBeVisible();
  await margin(b.page, 'counted the gulls').getByRole('link', { name: '1 comment' }).click();
  await expect(panelB.getByText('The gulls are a lovely clock.')).toBeVisible();
  expect(await highlighted(b.page)).toEqual(['counted the gulls']);
  await b.page.keyboard.press('Escape');
  const outdated = b.page.getByRole('region', { name: /Outdated comments/ });
  await expect(outdated).toContainText('Red is the right colour for it.');
  await expect(outdated).toContainText('written on revision 1');
  await expect(outdated).toContainText('On a whole passage that was removed or rewritten');
  await outdated.getByRole('button', { name: 'Open outdated comments' }).click();
  const outdatedPanel = b.page.getByRole('complementary', { name: /Outdated comments/ });
  await expect(outdatedPanel.getByText('Outdated', { exact: true })).toBeVisible();
  await expect(outdatedPanel).toContainText('written on revision 1');

  // The author: the same comment is in the outdated tray on the chapter page.
  await page.goto(story.url);
  const tray = page.getByRole('region', { name: /Outdated tray/ });
  await expect(tray).toContainText('Red is the right colour for it.');
  await expect(tray).toContainText('written on revision 1');
  await expect(tray).toContainText(PASSAGES.red); // what it was about: the removed passage
  await screenshot(page, 'comments-outdated-tray-desktop');
  // Removing asks first.
  await tray.getByText('Remove…').click();
  await expect(tray).toContainText('for everyone?');
  await tray.getByRole('button', { name: 'Yes, remove it' }).click();
  await expect(tray).not.toContainText('Red is the right colour for it.');
  await expect(tray).toContainText('Nothing here');

  // Moderation: the report is there; the author resolves it and freezes the thread.
  await page.goto(`/write/${story.storyId}`);
  await page.getByRole('link', { name: /^Moderation/ }).click();
  await expect(page.getByRole('heading', { name: 'Moderation', level: 1 })).toBeVisible();
  const reports = page.getByRole('region', { name: /Reports/ });
  await expect(reports).toContainText('Testing the report flow.');
  await both(page, 'moderation');
  await reports.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(page.getByText('Report resolved.')).toBeVisible();
  await expect(reports).toContainText('No open reports.');
  await page.getByRole('button', { name: 'Freeze thread' }).first().click();
  await expect(page.getByText('Thread frozen: no more replies.')).toBeVisible();

  // Readers see the frozen thread say so, live.
  await b.page.goto(story.url);
  await margin(b.page, 'counted the gulls').getByRole('link', { name: '1 comment' }).click();
  await expect(panelB.getByText('This thread is frozen: no more replies.')).toBeVisible();

  // Notifications: the gulls comment's; the removed comment's went with it (the header agrees).
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  await expect(page.getByText('1 unread')).toBeVisible();
  await expect(page.getByRole('link', { name: /Red is the right colour/ })).toHaveCount(0);
  const first = page.getByRole('link', { name: /The gulls are a lovely clock/ });
  await expect(first).toHaveAttribute('href', new RegExp(`^/s/${story.slug}/1#p-`));
  await both(page, 'notifications');
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByText('All caught up.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

  await a.context.close();
  await b.context.close();
});

test('a review with a verdict and ratings shows on the chapter and in the story’s average', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);
  const r = await reader(browser);
  await r.page.goto(story.url);
  await hydrated(r.page);
  // The one-tap buttons come first; the full review waits behind its summary.
  await r.page.getByText('Write a review: ratings and a few words').click();
  const form = r.page.locator('form.review-form');
  await expect(form.getByRole('group', { name: /Your verdict/ })).toBeVisible();
  await form.getByText('Yay').click();
  await form.getByRole('radio', { name: 'Pacing: 4 of 5' }).check({ force: true });
  await form.getByRole('radio', { name: 'Prose: 5 of 5' }).check({ force: true });
  await form.getByLabel(/What worked/).fill('The gulls as a clock: wonderful.');
  await both(r.page, 'review-form');
  await form.getByRole('button', { name: 'Post review' }).click();

  const reviews = r.page.getByRole('region', { name: 'Reviews of this chapter' });
  await expect(reviews.getByText('100% yay')).toBeVisible();
  const mine = reviews.getByRole('listitem').filter({ hasText: 'The gulls as a clock: wonderful.' });
  await expect(mine).toContainText('Pacing 4/5');
  await expect(mine).toContainText('Prose 5/5');
  await expect(reviews.getByText('You reviewed this chapter.')).toBeVisible();

  // Editing keeps one review per reader, pre-filled.
  await reviews.getByRole('button', { name: 'Edit your review' }).click();
  await expect(form.getByRole('radio', { name: 'Pacing: 4 of 5' })).toBeChecked();
  await form.getByText('Nay').click();
  await form.getByRole('button', { name: 'Update review' }).click();
  await expect(reviews.getByText('0% yay')).toBeVisible();
  await expect(reviews.getByRole('listitem').filter({ hasText: 'wonderful' })).toHaveCount(1);
  await reviews.getByRole('button', { name: 'Edit your review' }).click();
  await form.getByText('Yay').click();
  await form.getByRole('button', { name: 'Update review' }).click();
  await expect(reviews.getByText('100% yay')).toBeVisible();

  await r.page.goto(`/s/${story.slug}`);
  await expect(r.page.getByText('100% yay from 1 review')).toBeVisible();
  await expect(r.page.getByRole('list', { name: 'Average ratings' })).toContainText('Pacing 4.0/5');

  // The author answers publicly.
  await page.goto(story.url);
  await page.getByText('Reply publicly').click();
  await page.getByLabel(`Your reply to ${r.name}`).fill('Thank you for reading!');
  await page.getByRole('button', { name: 'Publish reply' }).click();
  await expect(page.getByText('Reply from the author')).toBeVisible();
  await r.page.goto(story.url);
  await expect(r.page.getByText('Thank you for reading!')).toBeVisible();
  await r.context.close();
});

test('a whole-passage comment can be posted with JavaScript disabled', async ({ page, browser }) => {
  const story = await publishedStory(page);
  const r = await reader(browser, { javaScriptEnabled: false });
  await r.page.goto(story.url);
  await margin(r.page, 'harbour lights').getByRole('link', { name: 'Comment on this passage' }).click();
  await expect(r.page).toHaveURL(/\?comment=/);
  const inline = r.page.getByRole('region', { name: 'Comments on this passage' });
  await expect(inline.getByText('No comments on this passage yet.')).toBeVisible();
  await inline.getByLabel('Your comment').fill('Posted without any JavaScript.');
  await inline.getByText('Critique').click();
  await inline.getByRole('button', { name: 'Post comment' }).click();
  await expect(inline.getByText('Posted without any JavaScript.')).toBeVisible();
  await expect(margin(r.page, 'harbour lights').getByRole('link', { name: '1 comment' })).toBeVisible();
  await screenshot(r.page, 'comments-nojs-desktop');

  // A reply without JavaScript too.
  await inline.getByText('Reply', { exact: true }).click();
  await inline.getByLabel('Your reply').fill('And a reply.');
  await inline.getByRole('button', { name: 'Post reply' }).click();
  await expect(r.page.getByText('And a reply.')).toBeVisible();
  await r.context.close();
});

test('anonymous readers get the chapter from the page cache until someone comments, with a fresh nonce each time', async ({
  page,
  browser,
}) => {
  const story = await publishedStory(page);
  const anonymous = await browser.newContext({ viewport: DESKTOP });
  // Straight HTTP (no browser cache): the server's own answer each time.
  const fetchPage = async () => {
    const res = await anonymous.request.get(story.url);
    const nonce = /'nonce-([^']+)'/.exec(res.headers()['content-security-policy'] ?? '')?.[1];
    const body = await res.text();
    return {
      cache: res.headers()['x-margins-cache'],
      nonce,
      scriptNonces: [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]),
    };
  };
  const first = await fetchPage();
  const second = await fetchPage();
  expect(first.cache).toBe('miss');
  expect(second.cache).toBe('hit');
  expect(second.nonce).toBeTruthy();
  expect(second.nonce).not.toBe(first.nonce);
  expect(second.scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(second.scriptNonces)).toEqual(new Set([second.nonce]));

  // The copy runs in a browser: its boot script carries that response's nonce, so it hydrates.
  const visitor = await anonymous.newPage();
  const res = await visitor.goto(story.url);
  expect(res!.headers()['x-margins-cache']).toBe('hit');
  await hydrated(visitor);
  await expect(margin(visitor, 'harbour lights').getByRole('link', { name: '1 comment' })).toHaveCount(0);

  // A reader comments: the story's content version moves in the same transaction, so the next
  // anonymous request renders afresh, with the comment counted and listed.
  const r = await reader(browser);
  await r.page.goto(story.url);
  await hydrated(r.page);
  await select(r.page, 'harbour lights', 'ferry was late');
  await r.page.getByRole('button', { name: 'Comment on selection' }).click();
  const panel = r.page.getByRole('complementary', { name: /Comments on this passage/ });
  await panel.getByLabel('Your comment').fill('Always late, that ferry.');
  await panel.getByRole('button', { name: 'Post comment' }).click();
  await expect(panel.getByText('Always late, that ferry.')).toBeVisible();

  expect((await fetchPage()).cache).toBe('miss');
  expect((await fetchPage()).cache).toBe('hit');
  await visitor.reload();
  await hydrated(visitor);
  await margin(visitor, 'harbour lights').getByRole('link', { name: '1 comment' }).click();
  await expect(visitor.getByText('Always late, that ferry.')).toBeVisible();

  // A signed-in reader's page is never the cached copy.
  const own = await r.page.request.get(story.url);
  expect(own.headers()['x-margins-cache']).toBeUndefined();
  await r.context.close();
  await anonymous.close();
});
