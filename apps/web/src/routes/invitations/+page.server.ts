import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/login?next=/invitations');
  const invitations = await (await api(event)).invitation.mine().catch(loadError);
  return { invitations };
};

async function respond(event: RequestEvent, accept: boolean) {
  if (!event.locals.user) redirect(303, '/login?next=/invitations');
  const id = (await event.request.formData()).get('invitationId');
  let answered;
  try {
    answered = await (
      await api(event)
    ).invitation.respond({ invitationId: typeof id === 'string' ? id : '', accept });
  } catch (e) {
    const failure = actionFailure(e);
    return fail(failure.status, failure.data);
  }
  // A new co-author lands on the story's authoring page; a beta reader stays here.
  if (accept && answered.role === 'coauthor') redirect(303, `/write/${answered.story.id}?joined=1`);
  return {
    message: accept
      ? `You joined “${answered.story.title}” as a beta reader.`
      : `You declined the invitation to “${answered.story.title}”.`,
  };
}

export const actions: Actions = {
  accept: (event) => respond(event, true),
  decline: (event) => respond(event, false),
};
