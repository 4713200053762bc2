import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { call, failed, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const roundId = event.params.roundId;
  const [round, feedback] = await Promise.all([
    caller.beta.get({ roundId }),
    caller.beta.feedback({ roundId }),
  ]).catch(loadError);
  // The URL's story must be the round's: never show one story's round under another's address.
  if (round.story.id !== event.params.storyId) error(404, { message: 'Beta round not found.' });
  return { round, feedback };
};

export const actions: Actions = {
  invite: async (event) => {
    requireLogin();
    const username = (await readForm()).text('username').trim();
    const invited = await call((api) => api.beta.invite({ roundId: event.params.roundId, username }), {
      values: { username },
    });
    if (failed(invited)) return invited;
    return { message: `${username} can now read this round.` };
  },
  link: async (event) => {
    requireLogin();
    const days = (await readForm()).text('expiresInDays');
    const link = await call((api) =>
      api.beta.createLink({
        roundId: event.params.roundId,
        ...(days ? { expiresInDays: Number(days) } : {}),
      }),
    );
    if (failed(link)) return link;
    // Shown once: only its hash is stored.
    return {
      message: 'Link created. Copy it now: it will not be shown again.',
      link: `${event.url.origin}/beta/${link.token}`,
    };
  },
  revoke: async () => {
    requireLogin();
    const inviteId = (await readForm()).text('inviteId');
    const revoked = await call((api) => api.beta.revokeInvite({ inviteId }));
    if (failed(revoked)) return revoked;
    return { message: 'Revoked.' };
  },
  close: async (event) => {
    requireLogin();
    const closed = await call((api) => api.beta.close({ roundId: event.params.roundId }));
    if (failed(closed)) return closed;
    return { message: 'The round is closed.' };
  },
};
