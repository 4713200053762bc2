import { error, type RequestEvent } from '@sveltejs/kit';
import type { StoryDetail } from '$lib/components/reading/types';
import { requireAdultConfirmation } from '$lib/server/adult-gate';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm, refuse, requireLogin } from '$lib/server/forms';
import { guestCommentAction } from '$lib/server/guest-comment';
import { verdictAction } from '$lib/server/guest-verdict';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { params, url, locals } = event;
  const n = Number(params.n);
  if (!/^[1-9][0-9]{0,5}$/.test(params.n)) error(404, { message: 'Chapter not found.' });
  const pov = url.searchParams.get('pov')?.trim() || undefined;
  const draft = url.searchParams.get('draft') === '1';
  const caller = await api(event);
  try {
    // Chapters are addressed by their place in the story; the API by id.
    const { story, chapters } = await caller.reading.toc({ slug: params.slug });
    // Mature/Explicit: a logged-out reader confirms first (lib/server/adult-gate.ts).
    requireAdultConfirmation(event, story);
    const entry = chapters[n - 1];
    if (!entry) error(404, { message: 'Chapter not found.' });
    const reader = await caller.reading.chapter({
      chapterId: entry.id,
      povOnly: pov,
      draft: draft || undefined,
    });
    const chapterId = entry.id;
    const role = reader.viewer.role;
    const editor = role === 'owner' || role === 'coauthor';
    // Comments are listed on the revision being read (a member's draft view reads the draft).
    const revision = reader.chapter.isDraft ? ('current' as const) : ('published' as const);
    // `?comment=KEY` opens that passage's comments in the page itself (works without JavaScript).
    const focus = url.searchParams.get('comment');
    const [comments, , reviews, myReview, outdatedTray, follow, , series] = await Promise.all([
      // Counts, commented words, outdated threads and the opened passage's: never the whole list.
      caller.comment.summary({
        chapterId,
        revision,
        open: focus && focus !== 'outdated' ? focus.slice(0, 100) : null,
      }),
      // A Read (docs/dashboard.md): signed-in readers only; the service skips members and repeats
      // within 24 hours. Counting must never stop the chapter from being served.
      locals.user && role === null && !reader.chapter.isDraft
        ? caller.reading.recordRead({ chapterId }).catch(() => undefined)
        : undefined,
      caller.review.list({ chapterId }),
      locals.user && role === null ? caller.review.mine({ chapterId }) : null,
      editor ? caller.comment.outdated({ chapterId }) : null,
      locals.user && role === null ? caller.follow.status({ storyId: story.id }) : null,
      // Reading history ("continue reading"); the passage comes later from HistoryBeacon.
      locals.user && role === null && !reader.chapter.isDraft
        ? caller.library.visit({ chapterId }).catch(() => undefined)
        : undefined,
      // The first chapter opens the work: its place in a series, as on the story page.
      n === 1 ? caller.series.ofStory({ storyId: story.id }) : [],
    ]);
    return {
      // The page renders each passage's HTML; its plain text (for anchoring) would double the
      // text in the page's data, and the browser never needs it.
      reader: {
        ...reader,
        segments: reader.segments.map((s) => ({
          ...s,
          passages: s.passages.map(({ text: _text, ...p }) => p),
        })),
      },
      storyCharacters: story.povCharacters.map((c) => ({ name: c.name, color: c.color })),
      storyMeta: storyMetaOf(story),
      // The Atom feed exists for public stories only (feed.xml answers 404 otherwise).
      feed: story.visibility === 'public',
      chapterCount: chapters.length,
      draftRequested: draft,
      // Only what the page shows before JavaScript runs: the outdated threads and the opened
      // passage's. A passage's threads load when its panel opens (docs/comments.md).
      comments,
      commentRevision: revision,
      reviews,
      myReview,
      outdatedTray,
      follow,
      series,
      focus,
    };
  } catch (e) {
    loadError(e);
  }
};

/** What the chapter page's work header shows (components/reading/StoryMeta.svelte). */
function storyMetaOf(story: StoryDetail) {
  const { rating, warnings, completion, expectedChapters, language, chapterProgress, wordCount } = story;
  return { rating, warnings, completion, expectedChapters, language, chapterProgress, wordCount };
}

/** This page's URL without the action parameter, with an optional fragment. */
function back(event: RequestEvent, params: Record<string, string | null>, hash = ''): string {
  const query = new URLSearchParams([...event.url.searchParams].filter(([k]) => !k.startsWith('/')));
  for (const [k, v] of Object.entries(params)) {
    if (v === null) query.delete(k);
    else query.set(k, v);
  }
  const qs = query.toString();
  return `${event.url.pathname}${qs ? `?${qs}` : ''}${hash}`;
}

async function chapterIdOf(event: RequestEvent): Promise<string> {
  const number = Number(event.params.n);
  if (!Number.isInteger(number) || number < 1) error(404, { message: 'Chapter not found.' });
  const { chapterId } = await (
    await api(event)
  ).reading
    .chapterAt({ slug: event.params.slug ?? '', number })
    .catch(loadError);
  return chapterId;
}

export const actions: Actions = {
  /** A new comment on a passage or phrase, or a reply (parentId). */
  comment: async (event) => {
    // Without an account: where the story takes guest comments (the API refuses otherwise).
    if (!event.locals.user) return guestCommentAction(await chapterIdOf(event));
    requireLogin();
    const f = await readForm();
    const chapterId = await chapterIdOf(event);
    const parentId = f.optional('parentId');
    const passageKey = f.optional('passageKey');
    const values = {
      body: f.text('body'),
      type: f.text('type'),
      visibility: f.text('visibility'),
      passageKey: passageKey ?? '',
      start: f.text('start'),
      end: f.text('end'),
      quote: f.text('quote'),
      parentId: parentId ?? '',
    };
    const start = f.int('start');
    const end = f.int('end');
    const revision = f.oneOf('revision', ['published', 'current'] as const);
    return act(
      (api) =>
        api.comment.create({
          chapterId,
          body: values.body,
          type: f.oneOf('type', ['reaction', 'critique', 'typo'] as const),
          visibility: f.oneOf('visibility', ['public', 'private'] as const),
          ...(parentId
            ? { parentId }
            : { passageKey, ...(start !== undefined && end !== undefined ? { start, end } : {}) }),
          ...(revision ? { revision } : {}),
        }),
      {
        form: parentId ? 'reply' : 'comment',
        extra: { target: parentId ?? passageKey ?? '' },
        values,
        message: parentId ? 'Reply posted.' : 'Comment posted.',
        backTo: () => {
          const focus = passageKey ?? f.optional('focus') ?? null;
          return back(event, { comment: focus }, focus ? `#p-${focus}` : '');
        },
      },
    );
  },

  editComment: async (event) => {
    requireLogin();
    const f = await readForm();
    const commentId = f.text('commentId');
    const values = { body: f.text('body') };
    return act((api) => api.comment.update({ commentId, body: values.body }), {
      form: 'edit',
      extra: { target: commentId },
      values,
      message: 'Comment updated.',
      backTo: () => back(event, { comment: f.optional('focus') ?? null }, `#c-${commentId}`),
    });
  },

  deleteComment: async (event) => {
    requireLogin();
    const f = await readForm();
    const commentId = f.text('commentId');
    return act((api) => api.comment.delete({ commentId }), {
      form: 'delete',
      extra: { target: commentId },
      message: 'Comment deleted.',
      backTo: () => back(event, { comment: f.optional('focus') ?? null }),
    });
  },

  /** Editors: hide, unhide or delete any comment; freeze or unfreeze its thread. */
  moderateComment: async (event) => {
    requireLogin();
    const f = await readForm();
    const commentId = f.text('commentId');
    const freeze = f.text('freeze');
    const status = f.oneOf('status', ['visible', 'hidden', 'deleted'] as const);
    return act(
      (api): Promise<unknown> =>
        freeze
          ? api.moderation.freeze({ commentId, frozen: freeze === 'true' })
          : api.moderation.setCommentStatus({ commentId, status: status ?? 'visible' }),
      {
        form: 'moderate',
        extra: { target: commentId },
        message: freeze
          ? freeze === 'true'
            ? 'Thread frozen.'
            : 'Thread reopened.'
          : `Comment ${status === 'visible' ? 'shown' : status}.`,
        backTo: () => back(event, { comment: f.optional('focus') ?? null }, `#c-${commentId}`),
      },
    );
  },

  report: async () => {
    requireLogin();
    const f = await readForm();
    const targetId = f.text('targetId');
    const targetType = f.oneOf('targetType', ['comment', 'review'] as const) ?? 'comment';
    const values = { reason: f.text('reason') };
    return act((api) => api.moderation.report({ targetType, targetId, reason: values.reason }), {
      form: 'report',
      extra: { target: targetId },
      values,
      message: 'Thank you — the story’s author will look at your report.',
    });
  },

  /** One tap: yay or nay, signed in or not (lib/server/guest-verdict.ts). */
  verdict: async (event) => verdictAction(event, await chapterIdOf(event)),

  /** A reader's review: verdict, optional aspect ratings, text (one per reader; replaces theirs). */
  review: async (event) => {
    requireLogin();
    const f = await readForm();
    const chapterId = await chapterIdOf(event);
    const verdict = f.oneOf('verdict', ['yay', 'nay'] as const);
    const values = {
      verdict: f.text('verdict'),
      pacing: f.text('pacing'),
      characters: f.text('characters'),
      povClarity: f.text('povClarity'),
      prose: f.text('prose'),
      body: f.text('body'),
    };
    if (!verdict)
      return refuse(
        'Choose yay or nay.',
        { verdict: ['Choose yay or nay.'] },
        { form: 'review', extra: { target: chapterId }, values },
      );
    const rating = (name: string) => {
      const v = f.int(name);
      return v !== undefined && v >= 1 && v <= 5 ? v : undefined;
    };
    return act(
      (api) =>
        api.review.upsert({
          chapterId,
          verdict,
          pacing: rating('pacing'),
          characters: rating('characters'),
          povClarity: rating('povClarity'),
          prose: rating('prose'),
          body: values.body.trim() || undefined,
        }),
      { form: 'review', extra: { target: chapterId }, values, message: 'Review saved. Thank you!' },
    );
  },

  /** Editors: the public answer to a review (answering again edits it). */
  reviewReply: async (event) => {
    requireLogin();
    const f = await readForm();
    const reviewId = f.text('reviewId');
    const values = { body: f.text('body') };
    return act((api) => api.review.reply({ reviewId, body: values.body }), {
      form: 'reviewReply',
      extra: { target: reviewId },
      values,
      message: 'Reply published.',
      backTo: () => back(event, {}, `#review-${reviewId}`),
    });
  },

  moderateReview: async (event) => {
    requireLogin();
    const f = await readForm();
    const reviewId = f.text('reviewId');
    const status = f.oneOf('status', ['visible', 'hidden', 'deleted'] as const) ?? 'visible';
    return act((api) => api.moderation.setReviewStatus({ reviewId, status }), {
      form: 'moderateReview',
      extra: { target: reviewId },
      message: `Review ${status === 'visible' ? 'shown' : status}.`,
      backTo: () => back(event, {}, '#reviews'),
    });
  },
};
