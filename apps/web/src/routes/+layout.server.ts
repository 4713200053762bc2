import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

/** Anything but a known theme is 'auto' (as in hooks.server.ts, which writes it into the page). */
const themeCookie = (value: string | undefined): 'auto' | 'light' | 'dark' => (value === 'light' || value === 'dark' ? value : 'auto');

export const load: LayoutServerLoad = async (event) => {
  const { locals, cookies } = event;
  // The header's notification badge; a failure here must never break a page.
  const unread = locals.user
    ? await (await api(event)).notification.unreadCount().then((r) => r.count).catch(() => 0)
    : 0;
  return {
    user: locals.user,
    theme: themeCookie(cookies.get('theme')),
    unread,
  };
};
