import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, readForm, requireLogin } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const storyId = event.params.storyId;
  const mine = await caller.story.mine().catch(loadError);
  const story = mine.find((s) => s.id === storyId);
  if (!story) error(404, { message: 'Story not found.' });
  const [members, invitations] = await Promise.all([
    caller.story.members({ storyId }),
    caller.invitation.forStory({ storyId }),
  ]).catch(loadError);
  return { story: { id: story.id, slug: story.slug, title: story.title }, members, invitations };
};

const roleOf = (v: string): 'coauthor' | 'beta' => (v === 'beta' ? 'beta' : 'coauthor');
const roleName = (r: 'coauthor' | 'beta') => (r === 'coauthor' ? 'co-author' : 'beta reader');

export const actions: Actions = {
  invite: async (event) => {
    requireLogin();
    const f = await readForm();
    const username = f.text('username').trim();
    const role = roleOf(f.text('role'));
    return act((api) => api.invitation.create({ storyId: event.params.storyId, username, role }), {
      form: 'invite',
      values: { username, role },
      message: `Invitation sent: ${username} joins as ${roleName(role)} when they accept (they see it under Invitations).`,
    });
  },
  cancel: async (event) => {
    requireLogin();
    const invitationId = (await readForm()).text('invitationId');
    return act((api) => api.invitation.cancel({ storyId: event.params.storyId, invitationId }), {
      form: 'invitations',
      message: 'Invitation withdrawn.',
    });
  },
  setRole: async (event) => {
    requireLogin();
    const f = await readForm();
    const username = f.text('username');
    const role = roleOf(f.text('role'));
    return act((api) => api.story.setMember({ storyId: event.params.storyId, username, role }), {
      form: 'members',
      message: `${username} is now a ${roleName(role)}.`,
    });
  },
  remove: async (event) => {
    requireLogin();
    const f = await readForm();
    return act((api) => api.story.removeMember({ storyId: event.params.storyId, userId: f.text('userId') }), {
      form: 'members',
      message: `${f.text('username') || 'The member'} was removed from the story.`,
    });
  },
};
