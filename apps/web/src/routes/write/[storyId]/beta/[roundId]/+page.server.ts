import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { requireUser, text } from '../../../authoring.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const caller = await api(event);
  const roundId = event.params.roundId;
  const [round, feedback] = await Promise.all([caller.beta.get({ roundId }), caller.beta.feedback({ roundId })]).catch(loadError);
  // The URL's story must be the round's: never show one story's round under another's address.
  if (round.story.id !== event.params.storyId) error(404, { message: 'Beta round not found.' });
  return { round, feedback };
};

export const actions: Actions = {
  invite: async (event) => {
    requireUser(event);
    const username = text(await event.request.formData(), 'username').trim();
    try {
      await (await api(event)).beta.invite({ roundId: event.params.roundId, username });
    } catch (e) {
      return actionFailure(e, { username });
    }
    return { message: `${username} can now read this round.` };
  },
  link: async (event) => {
    requireUser(event);
    const days = text(await event.request.formData(), 'expiresInDays');
    try {
      const link = await (await api(event)).beta.createLink({ roundId: event.params.roundId, ...(days ? { expiresInDays: Number(days) } : {}) });
      // Shown once: only its hash is stored.
      return { message: 'Link created. Copy it now: it will not be shown again.', link: `${event.url.origin}/beta/${link.token}` };
    } catch (e) {
      return actionFailure(e);
    }
  },
  revoke: async (event) => {
    requireUser(event);
    const inviteId = text(await event.request.formData(), 'inviteId');
    try {
      await (await api(event)).beta.revokeInvite({ inviteId });
    } catch (e) {
      return actionFailure(e);
    }
    return { message: 'Revoked.' };
  },
  close: async (event) => {
    requireUser(event);
    try {
      await (await api(event)).beta.close({ roundId: event.params.roundId });
    } catch (e) {
      return actionFailure(e);
    }
    return { message: 'The round is closed.' };
  },
};
