import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { StoryDetail } from '$lib/components/reading/types';
import { requireAdultConfirmation } from '$lib/server/adult-gate';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
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
    const [comments, , reviews, myReview, outdatedTray, follow] = await Promise.all([
      // Counts, commented words, outdated threads and the opened passage's: never the whole list.
      caller.comment.summary({ chapterId, revision, open: focus && focus !== 'outdated' ? focus.slice(0, 100) : null }),
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
      locals.user && role === null && !reader.chapter.isDraft ? caller.library.visit({ chapterId }).catch(() => undefined) : undefined,
    ]);
    return {
      // The page renders each passage's HTML; its plain text (for anchoring) would double the
      // text in the page's data, and the browser never needs it.
      reader: { ...reader, segments: reader.segments.map((s) => ({ ...s, passages: s.passages.map(({ text: _text, ...p }) => p) })) },
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

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};
const optional = (form: FormData, name: string): string | undefined => text(form, name).trim() || undefined;
const int = (form: FormData, name: string): number | undefined => {
  const v = Number.parseInt(text(form, name), 10);
  return Number.isFinite(v) ? v : undefined;
};
const oneOf = <T extends string>(value: string, options: readonly T[]): T | undefined => options.find((o) => o === value);

/** `use:enhance` posts say so; a plain form post (no JavaScript) gets redirected back instead. */
const enhanced = (event: RequestEvent) => event.request.headers.get('x-sveltekit-action') === 'true';

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

function requireLogin(event: RequestEvent) {
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(back(event, {}))}`);
}

/** Runs one API write; without JavaScript, success goes back to the page (POST → redirect → GET). */
async function write(
  event: RequestEvent,
  form: string,
  target: string,
  run: (caller: Awaited<ReturnType<typeof api>>) => Promise<unknown>,
  options: { values?: Record<string, unknown>; message: string; backTo?: () => string },
) {
  requireLogin(event);
  let result: unknown;
  try {
    result = await run(await api(event));
  } catch (e) {
    const failure = actionFailure(e, options.values ?? {});
    return fail(failure.status, { ...failure.data, form, target });
  }
  if (!enhanced(event) && options.backTo) redirect(303, options.backTo());
  return { form, target, ok: true as const, message: options.message, result };
}

async function chapterIdOf(event: RequestEvent): Promise<string> {
  const number = Number(event.params.n);
  if (!Number.isInteger(number) || number < 1) error(404, { message: 'Chapter not found.' });
  const { chapterId } = await (await api(event)).reading.chapterAt({ slug: event.params.slug ?? '', number }).catch(loadError);
  return chapterId;
}

export const actions: Actions = {
  /** A new comment on a passage or phrase, or a reply (parentId). */
  comment: async (event) => {
    requireLogin(event);
    const form = await event.request.formData();
    const chapterId = await chapterIdOf(event);
    const parentId = optional(form, 'parentId');
    const passageKey = optional(form, 'passageKey');
    const values = {
      body: text(form, 'body'),
      type: text(form, 'type'),
      visibility: text(form, 'visibility'),
      passageKey: passageKey ?? '',
      start: text(form, 'start'),
      end: text(form, 'end'),
      quote: text(form, 'quote'),
      parentId: parentId ?? '',
    };
    const start = int(form, 'start');
    const end = int(form, 'end');
    const revision = oneOf(text(form, 'revision'), ['published', 'current'] as const);
    return write(
      event,
      parentId ? 'reply' : 'comment',
      parentId ?? passageKey ?? '',
      (c) =>
        c.comment.create({
          chapterId,
          body: values.body,
          type: oneOf(values.type, ['reaction', 'critique', 'typo'] as const),
          visibility: oneOf(values.visibility, ['public', 'private'] as const),
          ...(parentId ? { parentId } : { passageKey, ...(start !== undefined && end !== undefined ? { start, end } : {}) }),
          ...(revision ? { revision } : {}),
        }),
      {
        values,
        message: parentId ? 'Reply posted.' : 'Comment posted.',
        backTo: () => {
          const focus = passageKey ?? optional(form, 'focus') ?? null;
          return back(event, { comment: focus }, focus ? `#p-${focus}` : '');
        },
      },
    );
  },

  editComment: async (event) => {
    const form = await event.request.formData();
    const commentId = text(form, 'commentId');
    const values = { body: text(form, 'body') };
    return write(event, 'edit', commentId, (c) => c.comment.update({ commentId, body: values.body }), {
      values,
      message: 'Comment updated.',
      backTo: () => back(event, { comment: optional(form, 'focus') ?? null }, `#c-${commentId}`),
    });
  },

  deleteComment: async (event) => {
    const form = await event.request.formData();
    const commentId = text(form, 'commentId');
    return write(event, 'delete', commentId, (c) => c.comment.delete({ commentId }), {
      message: 'Comment deleted.',
      backTo: () => back(event, { comment: optional(form, 'focus') ?? null }),
    });
  },

  /** Editors: hide, unhide or delete any comment; freeze or unfreeze its thread. */
  moderateComment: async (event) => {
    const form = await event.request.formData();
    const commentId = text(form, 'commentId');
    const freeze = text(form, 'freeze');
    const status = oneOf(text(form, 'status'), ['visible', 'hidden', 'deleted'] as const);
    return write(
      event,
      'moderate',
      commentId,
      (c) =>
        freeze
          ? c.moderation.freeze({ commentId, frozen: freeze === 'true' })
          : c.moderation.setCommentStatus({ commentId, status: status ?? 'visible' }),
      {
        message: freeze ? (freeze === 'true' ? 'Thread frozen.' : 'Thread reopened.') : `Comment ${status === 'visible' ? 'shown' : status}.`,
        backTo: () => back(event, { comment: optional(form, 'focus') ?? null }, `#c-${commentId}`),
      },
    );
  },

  report: async (event) => {
    const form = await event.request.formData();
    const targetId = text(form, 'targetId');
    const targetType = oneOf(text(form, 'targetType'), ['comment', 'review'] as const) ?? 'comment';
    const values = { reason: text(form, 'reason') };
    return write(event, 'report', targetId, (c) => c.moderation.report({ targetType, targetId, reason: values.reason }), {
      values,
      message: 'Thank you — the story’s author will look at your report.',
    });
  },

  /** One tap: yay or nay, signed in or not (lib/server/guest-verdict.ts). */
  verdict: async (event) => verdictAction(event, await chapterIdOf(event)),

  /** A reader's review: verdict, optional aspect ratings, text (one per reader; replaces theirs). */
  review: async (event) => {
    requireLogin(event);
    const form = await event.request.formData();
    const chapterId = await chapterIdOf(event);
    const verdict = oneOf(text(form, 'verdict'), ['yay', 'nay'] as const);
    const values = {
      verdict: text(form, 'verdict'),
      pacing: text(form, 'pacing'),
      characters: text(form, 'characters'),
      povClarity: text(form, 'povClarity'),
      prose: text(form, 'prose'),
      body: text(form, 'body'),
    };
    if (!verdict) {
      return fail(400, {
        form: 'review',
        target: chapterId,
        message: 'Choose yay or nay.',
        fieldErrors: { verdict: ['Choose yay or nay.'] } as Record<string, string[]>,
        values,
      });
    }
    const rating = (name: string) => {
      const v = int(form, name);
      return v !== undefined && v >= 1 && v <= 5 ? v : undefined;
    };
    return write(
      event,
      'review',
      chapterId,
      (c) =>
        c.review.upsert({
          chapterId,
          verdict,
          pacing: rating('pacing'),
          characters: rating('characters'),
          povClarity: rating('povClarity'),
          prose: rating('prose'),
          body: values.body.trim() || undefined,
        }),
      { values, message: 'Review saved. Thank you!' },
    );
  },

  /** Editors: the public answer to a review (answering again edits it). */
  reviewReply: async (event) => {
    const form = await event.request.formData();
    const reviewId = text(form, 'reviewId');
    const values = { body: text(form, 'body') };
    return write(event, 'reviewReply', reviewId, (c) => c.review.reply({ reviewId, body: values.body }), {
      values,
      message: 'Reply published.',
      backTo: () => back(event, {}, `#review-${reviewId}`),
    });
  },

  moderateReview: async (event) => {
    const form = await event.request.formData();
    const reviewId = text(form, 'reviewId');
    const status = oneOf(text(form, 'status'), ['visible', 'hidden', 'deleted'] as const) ?? 'visible';
    return write(event, 'moderateReview', reviewId, (c) => c.moderation.setReviewStatus({ reviewId, status }), {
      message: `Review ${status === 'visible' ? 'shown' : status}.`,
      backTo: () => back(event, {}, '#reviews'),
    });
  },
};
