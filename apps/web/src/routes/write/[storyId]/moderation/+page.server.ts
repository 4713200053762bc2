import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm, requireLogin, type Fields } from '$lib/server/forms';
import { loadStoryForAuthor } from '../../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
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
    editor && chosen
      ? caller.comment.list({ chapterId: chosen.id, revision: 'current' }).catch(() => null)
      : null,
    editor && chosen ? caller.review.list({ chapterId: chosen.id }).catch(() => null) : null,
    editor ? caller.moderation.settings({ storyId }) : null,
  ]).catch(loadError);
  const approveFirst = settings?.approveFirstComments ?? false;
  const guestVerdicts = settings?.guestVerdicts ?? false;
  const guestComments = settings?.guestComments ?? false;
  return {
    story,
    chapters,
    chosen,
    owner,
    editor,
    pending,
    reports,
    blocked,
    comments,
    reviews,
    approveFirst,
    guestVerdicts,
    guestComments,
  };
};

/** The posted form of a signed-in editor (each call below checks the role). */
async function editorForm(): Promise<Fields> {
  requireLogin();
  return readForm();
}

const status = (f: Fields) => f.oneOf('status', ['hidden', 'deleted'] as const) ?? 'visible';
const past = (f: Fields) => ({ visible: 'shown again', hidden: 'hidden', deleted: 'deleted' })[status(f)];

export const actions: Actions = {
  approve: async () => {
    const f = await editorForm();
    return act((api) => api.moderation.approve({ commentId: f.text('commentId') }), {
      form: 'pending',
      message: 'Comment approved: it is visible now.',
    });
  },
  reject: async () => {
    const f = await editorForm();
    return act((api) => api.moderation.reject({ commentId: f.text('commentId') }), {
      form: 'pending',
      message: 'Comment rejected.',
    });
  },
  resolve: async (e) => {
    const f = await editorForm();
    return act(
      (api) => api.moderation.resolveReport({ storyId: e.params.storyId, reportId: f.text('reportId') }),
      { form: 'reports', message: 'Report resolved.' },
    );
  },
  commentStatus: async () => {
    const f = await editorForm();
    return act(
      (api) => api.moderation.setCommentStatus({ commentId: f.text('commentId'), status: status(f) }),
      { form: 'comments', message: `Comment ${past(f)}.` },
    );
  },
  freeze: async () => {
    const f = await editorForm();
    const frozen = f.text('frozen') === 'true';
    return act((api) => api.moderation.freeze({ commentId: f.text('commentId'), frozen }), {
      form: 'comments',
      message: frozen ? 'Thread frozen: no more replies.' : 'Thread reopened.',
    });
  },
  reviewStatus: async () => {
    const f = await editorForm();
    return act((api) => api.moderation.setReviewStatus({ reviewId: f.text('reviewId'), status: status(f) }), {
      form: 'reviews',
      message: `Review ${past(f)}.`,
    });
  },
  approveFirst: async (e) => {
    const f = await editorForm();
    const enabled = f.text('enabled') === 'true';
    return act((api) => api.moderation.setApproveFirstComments({ storyId: e.params.storyId, enabled }), {
      form: 'settings',
      message: enabled
        ? 'A reader’s first comment now waits for your approval.'
        : 'Comments appear at once again.',
    });
  },
  guestVerdicts: async (e) => {
    const f = await editorForm();
    const enabled = f.text('enabled') === 'true';
    return act((api) => api.moderation.setGuestVerdicts({ storyId: e.params.storyId, enabled }), {
      form: 'settings',
      message: enabled
        ? 'Readers without an account can give verdicts again.'
        : 'Only signed-in readers can give verdicts now.',
    });
  },
  guestComments: async (e) => {
    const f = await editorForm();
    const enabled = f.text('enabled') === 'true';
    return act((api) => api.moderation.setGuestComments({ storyId: e.params.storyId, enabled }), {
      form: 'settings',
      message: enabled
        ? 'Readers without an account can comment now; each comment waits for your approval.'
        : 'Only signed-in readers can comment now.',
    });
  },
  block: async (e) => {
    const f = await editorForm();
    return act((api) => api.moderation.block({ storyId: e.params.storyId, userId: f.text('userId') }), {
      form: 'blocked',
      message: `${f.text('username') || 'The reader'} is blocked from commenting on and reviewing your stories.`,
    });
  },
  unblock: async (e) => {
    const f = await editorForm();
    return act((api) => api.moderation.unblock({ storyId: e.params.storyId, userId: f.text('userId') }), {
      form: 'blocked',
      message: `${f.text('username') || 'The reader'} is unblocked.`,
    });
  },
};
