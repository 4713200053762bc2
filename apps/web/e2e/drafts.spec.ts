// Draft words stay with members (issue 14, M1) and live streams end with access (Deliver 7),
// through the production server: the chapter page an anonymous reader gets (rendered, from the
// page cache, and after the browser has fetched the full thread list) never holds a word of the
// unpublished draft that a co-author commented on; and an open live stream ends with
// `event: end` when the story turns private. Each test makes its own story.
import type { Page } from '@playwright/test';
import { expect, signUp, test, unique } from './fixtures';
import { trpcMutation, trpcQuery } from './helpers/api';

const PUBLISHED = ['The harbour lights came on one by one.', 'Mara counted the gulls on the pier.'];
const DRAFT = [...PUBLISHED, 'Quillwort glimmered over the zanzibar breakwater.'];
const DRAFT_WORDS = /quillwort|zanzibar/i;

function trpc<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation'): Promise<T> {
  return (kind === 'query' ? trpcQuery<T> : trpcMutation<T>)(page.request, page.url(), path, input);
}

/** An author's public story with one published chapter, then a draft with new words. */
async function storyWithDraft(page: Page) {
  await signUp(page);
  const story = await trpc<{ id: string; slug: string }>(
    page,
    'story.create',
    { title: unique('Drafts '), summary: 'Words not yet published.' },
    'mutation',
  );
  const md = (passages: string[]) => ({ source: `${passages.join('\n\n')}\n`, format: 'markdown' });
  const { chapterId } = await trpc<{ chapterId: string }>(
    page,
    'chapter.create',
    { storyId: story.id, title: 'Lights', upload: md(PUBLISHED) },
    'mutation',
  );
  await trpc(page, 'chapter.publish', { chapterId }, 'mutation');
  await trpc(page, 'story.publish', { storyId: story.id }, 'mutation');
  await trpc(page, 'chapter.edit', { chapterId, upload: md(DRAFT) }, 'mutation');
  return { storyId: story.id, chapterId, url: `/s/${story.slug}/1` };
}

test('the chapter page an anonymous reader gets holds no word of the unpublished draft', async ({
  browser,
}) => {
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  const story = await storyWithDraft(author);

  // The author comments publicly on the draft: on its new words, and on words both revisions share.
  type Reading = { segments: { passages: { key: string; kind: string; text: string }[] }[] };
  const draft = await trpc<Reading>(
    author,
    'reading.chapter',
    { chapterId: story.chapterId, draft: true },
    'query',
  );
  const passages = draft.segments.flatMap((s) => s.passages).filter((p) => p.kind === 'text');
  const on = (phrase: string) => {
    const p = passages.find((x) => x.text.includes(phrase))!;
    const start = p.text.indexOf(phrase);
    return { passageKey: p.key, start, end: start + phrase.length };
  };
  const comment = (phrase: string, body: string) =>
    trpc(
      author,
      'comment.create',
      {
        chapterId: story.chapterId,
        ...on(phrase),
        body,
        type: 'critique',
        visibility: 'public',
        revision: 'current',
      },
      'mutation',
    );
  await comment('Quillwort glimmered over the zanzibar', 'Author note on the new passage');
  await comment('harbour lights', 'Author note on the lights');
  const lightsKey = on('harbour lights').passageKey;

  const anonymous = await browser.newContext();
  // Rendered, then served from the page cache; and with the lights passage's comments opened.
  for (const url of [story.url, story.url, `${story.url}?comment=${lightsKey}`]) {
    const res = await anonymous.request.get(url);
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(DRAFT_WORDS);
    // Not vacuous: the draft thread is in the page (as a newer draft's, without words).
    expect(html).toContain('Author note on the new passage');
    if (url.includes('?comment=')) expect(html).toContain('Author note on the lights');
  }

  // In a browser, after the summary has been fetched again over the live stream's `ready`.
  const visitor = await anonymous.newPage();
  const listed = visitor.waitForResponse((r) => r.url().includes('/api/trpc/comment.summary'));
  await visitor.goto(story.url);
  const list = await (await listed).text();
  expect(list).not.toMatch(DRAFT_WORDS);
  expect(list).toContain('Author note on the new passage');
  await expect(visitor.getByText('written on a newer draft, not published yet').first()).toBeVisible();
  expect(await visitor.content()).not.toMatch(DRAFT_WORDS);

  // The author's own draft view still shows the words.
  await author.goto(`${story.url}?draft=1`);
  await expect(author.getByText('Quillwort glimmered').first()).toBeVisible();

  // Off the lists again, so later tests still find the demo story among the home page's newest.
  await trpc(author, 'story.unpublish', { storyId: story.storyId }, 'mutation');
  await anonymous.close();
  await authorContext.close();
});

test('an open live stream ends with event: end when the story turns private', async ({
  browser,
  baseURL,
}) => {
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  const story = await storyWithDraft(author);

  // An anonymous listener, as EventSource would open it.
  const res = await fetch(`${baseURL}/api/live/chapters/${story.chapterId}`, {
    headers: { accept: 'text/event-stream' },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const readUntil = async (done: () => boolean) => {
    while (!done()) {
      const chunk = await reader.read();
      if (chunk.done) return true;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return false;
  };
  await readUntil(() => text.includes('event: ready'));

  await trpc(author, 'story.unpublish', { storyId: story.storyId }, 'mutation');
  // Read to the end: the server closes the stream (the test's timeout bounds the wait).
  expect(await readUntil(() => false)).toBe(true);
  expect(text.endsWith('event: end\ndata: {"reason":"access"}\n\n')).toBe(true);
  // Reconnecting is refused.
  expect((await fetch(`${baseURL}/api/live/chapters/${story.chapterId}`)).status).toBe(404);
  await authorContext.close();
});
