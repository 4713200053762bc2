import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const invitations = await (await api(event)).invitation.mine().catch(loadError);
  return { invitations };
};

async function respond(accept: boolean) {
  requireLogin('/invitations');
  const invitationId = (await readForm()).text('invitationId');
  const answered = await call((api) => api.invitation.respond({ invitationId, accept }));
  if (failed(answered)) return answered;
  // A new co-author lands on the story's authoring page; a beta reader stays here.
  if (accept && answered.role === 'coauthor') redirect(303, `/write/${answered.story.id}?joined=1`);
  return {
    message: accept
      ? `You joined “${answered.story.title}” as a beta reader.`
      : `You declined the invitation to “${answered.story.title}”.`,
  };
}

export const actions: Actions = {
  accept: () => respond(true),
  decline: () => respond(false),
};
