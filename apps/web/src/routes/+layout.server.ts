import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

/** Anything but a known theme is 'auto' (as in hooks.server.ts, which writes it into the page). */
const themeCookie = (value: string | undefined): 'auto' | 'light' | 'dark' => (value === 'light' || value === 'dark' ? value : 'auto');

export const load: LayoutServerLoad = async (event) => {
  const { locals, cookies } = event;
  // The header's badges: unread notifications and invitations waiting for an answer (one
  // indexed count each). A failure here must never break a page.
  let unread = 0;
  let invitations = 0;
  if (locals.user) {
    const caller = await api(event);
    [unread, invitations] = await Promise.all([
      caller.notification.unreadCount().then((r) => r.count).catch(() => 0),
      caller.invitation.pendingCount().then((r) => r.count).catch(() => 0),
    ]);
  }
  return {
    user: locals.user,
    theme: themeCookie(cookies.get('theme')),
    unread,
    invitations,
  };
};
