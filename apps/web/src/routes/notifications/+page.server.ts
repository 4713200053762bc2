import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, call, failed, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * The inbox. Items carry the story and chapter id and the comment or review id; the passage
 * link (`/s/{slug}/{n}#p-{key}`) needs the chapter's number and the comment's passage, which
 * the API does not return yet, so they are looked up here once per story and per chapter.
 */
export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const [list, settings] = await Promise.all([
    caller.notification.list({ limit: 50 }),
    caller.notification.settings(),
  ]).catch(loadError);

  const numbers = new Map<string, number>();
  await Promise.all(
    [...new Set(list.items.map((i) => i.story?.slug).filter((s): s is string => !!s))].map(async (slug) => {
      const toc = await caller.reading.toc({ slug }).catch(() => null);
      toc?.chapters.forEach((c) => numbers.set(c.id, c.number));
    }),
  );
  // Comment id → its thread's passage on the revision the viewer reads ('' when outdated).
  const passages = new Map<string, string>();
  const commentChapters = new Set(
    list.items
      .filter((i) => (i.kind === 'comment' || i.kind === 'reply') && i.chapterId)
      .map((i) => i.chapterId as string),
  );
  await Promise.all(
    [...commentChapters].map(async (chapterId) => {
      const comments = await caller.comment.list({ chapterId }).catch(() => null);
      for (const t of comments?.threads ?? []) {
        for (const c of [t.root, ...t.replies])
          passages.set(c.id, t.outdated || !t.passageKey ? '' : t.passageKey);
      }
    }),
  );

  const items = list.items.map((i) => {
    const n = i.chapterId ? numbers.get(i.chapterId) : undefined;
    const key = i.targetId ? passages.get(i.targetId) : undefined;
    let href: string | null = null;
    if (i.story && n) {
      const chapter = `/s/${i.story.slug}/${n}`;
      // Not a known comment: a review, or a reply to one.
      // A new chapter (subscriptions): its page.
      if (i.kind === 'chapter') href = chapter;
      else
        href =
          key === undefined
            ? i.kind === 'comment'
              ? chapter
              : `${chapter}#reviews`
            : key
              ? `${chapter}#p-${key}`
              : `${chapter}#outdated`;
    } else if (i.story) href = `/s/${i.story.slug}`;
    return { ...i, href, chapterNumber: n ?? null };
  });
  // All unread, as the header counts them (the list shows only the 50 newest).
  const { count: unread } = await caller.notification
    .unreadCount()
    .catch(() => ({ count: items.filter((i) => !i.readAt).length }));
  return { items, settings, unread, more: list.nextCursor !== null };
};

export const actions: Actions = {
  read: async () => {
    requireLogin();
    const id = (await readForm()).text('id');
    const marked = await call((api) => api.notification.markRead(id ? { ids: [id] } : {}));
    if (failed(marked)) return marked;
    return { form: 'read', message: id ? 'Marked as read.' : 'All marked as read.' };
  },

  settings: async () => {
    requireLogin();
    const f = await readForm();
    return act(
      (api) =>
        api.notification.updateSettings({
          comment: f.bool('comment'),
          reply: f.bool('reply'),
          review: f.bool('review'),
          chapter: f.bool('chapter'),
        }),
      {
        form: 'settings',
        message: 'Settings saved.',
      },
    );
  },
};
