import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const { locals, cookies } = event;
  // The header's notification badge; a failure here must never break a page.
  const unread = locals.user
    ? await (await api(event)).notification.unreadCount().then((r) => r.count).catch(() => 0)
    : 0;
  return {
    user: locals.user,
    theme: (cookies.get('theme') ?? 'auto') as 'auto' | 'light' | 'dark',
    unread,
  };
};
