import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

const login = (event: RequestEvent) => {
  if (!event.locals.user) redirect(303, '/login?next=' + encodeURIComponent(event.url.pathname));
};

export const load: PageServerLoad = async (event) => {
  login(event);
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

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

async function run(
  event: RequestEvent,
  form: string,
  call: (caller: Awaited<ReturnType<typeof api>>) => Promise<string>,
  values: Record<string, string> = {},
) {
  login(event);
  try {
    return { form, message: await call(await api(event)) };
  } catch (e) {
    const failure = actionFailure(e, values);
    return fail(failure.status, { ...failure.data, form });
  }
}

const roleOf = (v: string): 'coauthor' | 'beta' => (v === 'beta' ? 'beta' : 'coauthor');
const roleName = (r: 'coauthor' | 'beta') => (r === 'coauthor' ? 'co-author' : 'beta reader');

export const actions: Actions = {
  invite: async (event) => {
    const form = await event.request.formData();
    const username = field(form, 'username').trim();
    const role = roleOf(field(form, 'role'));
    return run(
      event,
      'invite',
      async (c) => {
        await c.invitation.create({ storyId: event.params.storyId, username, role });
        return `Invitation sent: ${username} joins as ${roleName(role)} when they accept (they see it under Invitations).`;
      },
      { username, role },
    );
  },
  cancel: async (event) => {
    const invitationId = field(await event.request.formData(), 'invitationId');
    return run(event, 'invitations', async (c) => {
      await c.invitation.cancel({ storyId: event.params.storyId, invitationId });
      return 'Invitation withdrawn.';
    });
  },
  setRole: async (event) => {
    const form = await event.request.formData();
    const username = field(form, 'username');
    const role = roleOf(field(form, 'role'));
    return run(event, 'members', async (c) => {
      await c.story.setMember({ storyId: event.params.storyId, username, role });
      return `${username} is now a ${roleName(role)}.`;
    });
  },
  remove: async (event) => {
    const form = await event.request.formData();
    const userId = field(form, 'userId');
    return run(event, 'members', async (c) => {
      await c.story.removeMember({ storyId: event.params.storyId, userId });
      return `${field(form, 'username') || 'The member'} was removed from the story.`;
    });
  },
};
