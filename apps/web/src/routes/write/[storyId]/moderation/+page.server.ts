import { fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { loadStoryForAuthor, requireUser, text } from '../../authoring.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { storyId } = event.params;
  const { story, chapters } = await loadStoryForAuthor(event, storyId);
  const owner = story.myRole === 'owner';
  const editor = owner || story.myRole === 'coauthor';
  const caller = await api(event);
  // One chapter's comments and reviews at a time (the API lists them per chapter).
  const chosen = chapters.find((c) => c.id === event.url.searchParams.get('chapter')) ?? chapters[0] ?? null;
  const [pending, reports, blocked, comments, reviews, settings] = await Promise.all([
    editor ? caller.moderation.pending({ storyId }) : [],
    owner ? caller.moderation.reports({ storyId, includeResolved: false }) : [],
    owner ? caller.moderation.blocked({ storyId }) : [],
    editor && chosen ? caller.comment.list({ chapterId: chosen.id, revision: 'current' }).catch(() => null) : null,
    editor && chosen ? caller.review.list({ chapterId: chosen.id }).catch(() => null) : null,
    editor ? caller.moderation.settings({ storyId }) : null,
  ]).catch(loadError);
  const approveFirst = settings?.approveFirstComments ?? false;
  const guestVerdicts = settings?.guestVerdicts ?? false;
  return { story, chapters, chosen, owner, editor, pending, reports, blocked, comments, reviews, approveFirst, guestVerdicts };
};

/** Runs one moderation call; the message says what happened. */
async function run(event: RequestEvent, form: string, call: (c: Awaited<ReturnType<typeof api>>, data: FormData) => Promise<unknown>, message: string | ((data: FormData) => string)) {
  requireUser(event);
  const data = await event.request.formData();
  try {
    await call(await api(event), data);
  } catch (e) {
    const failure = actionFailure(e);
    return fail(failure.status, { ...failure.data, form });
  }
  return { form, message: typeof message === 'string' ? message : message(data) };
}

const status = (data: FormData) => {
  const s = text(data, 'status');
  return s === 'hidden' || s === 'deleted' ? s : 'visible';
};
const past = (data: FormData) => ({ visible: 'shown again', hidden: 'hidden', deleted: 'deleted' })[status(data)];

export const actions: Actions = {
  approve: (e) => run(e, 'pending', (c, d) => c.moderation.approve({ commentId: text(d, 'commentId') }), 'Comment approved: it is visible now.'),
  reject: (e) => run(e, 'pending', (c, d) => c.moderation.reject({ commentId: text(d, 'commentId') }), 'Comment rejected.'),
  resolve: (e) => run(e, 'reports', (c, d) => c.moderation.resolveReport({ storyId: e.params.storyId, reportId: text(d, 'reportId') }), 'Report resolved.'),
  commentStatus: (e) => run(e, 'comments', (c, d) => c.moderation.setCommentStatus({ commentId: text(d, 'commentId'), status: status(d) }), (d) => `Comment ${past(d)}.`),
  freeze: (e) =>
    run(e, 'comments', (c, d) => c.moderation.freeze({ commentId: text(d, 'commentId'), frozen: text(d, 'frozen') === 'true' }), (d) =>
      text(d, 'frozen') === 'true' ? 'Thread frozen: no more replies.' : 'Thread reopened.',
    ),
  reviewStatus: (e) => run(e, 'reviews', (c, d) => c.moderation.setReviewStatus({ reviewId: text(d, 'reviewId'), status: status(d) }), (d) => `Review ${past(d)}.`),
  approveFirst: (e) =>
    run(e, 'settings', (c, d) => c.moderation.setApproveFirstComments({ storyId: e.params.storyId, enabled: text(d, 'enabled') === 'true' }), (d) =>
      text(d, 'enabled') === 'true' ? 'A reader’s first comment now waits for your approval.' : 'Comments appear at once again.',
    ),
  guestVerdicts: (e) =>
    run(e, 'settings', (c, d) => c.moderation.setGuestVerdicts({ storyId: e.params.storyId, enabled: text(d, 'enabled') === 'true' }), (d) =>
      text(d, 'enabled') === 'true' ? 'Readers without an account can give verdicts again.' : 'Only signed-in readers can give verdicts now.',
    ),
  block: (e) => run(e, 'blocked', (c, d) => c.moderation.block({ storyId: e.params.storyId, userId: text(d, 'userId') }), (d) => `${text(d, 'username') || 'The reader'} is blocked from commenting on and reviewing your stories.`),
  unblock: (e) => run(e, 'blocked', (c, d) => c.moderation.unblock({ storyId: e.params.storyId, userId: text(d, 'userId') }), (d) => `${text(d, 'username') || 'The reader'} is unblocked.`),
};
