import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

/** Anything but a known theme is 'auto' (as in hooks.server.ts, which writes it into the page). */
const themeCookie = (value: string | undefined): 'auto' | 'light' | 'dark' =>
  value === 'light' || value === 'dark' ? value : 'auto';

export const load: LayoutServerLoad = async (event) => {
  const { locals, cookies } = event;
  // The header's badges: unread notifications and invitations waiting for an answer (one
  // indexed count each). A failure here must never break a page.
  let unread = 0;
  let invitations = 0;
  // For the "confirm / add your address" notice (lib/components/account/AddressNotice.svelte).
  let address: { email: string | null; verified: boolean; pending: string | null } | null = null;
  if (locals.user) {
    const caller = await api(event);
    [unread, invitations, address] = await Promise.all([
      caller.notification
        .unreadCount()
        .then((r) => r.count)
        .catch(() => 0),
      caller.invitation
        .pendingCount()
        .then((r) => r.count)
        .catch(() => 0),
      locals.tokenScope ? null : caller.account.address().catch(() => null),
    ]);
  }
  return {
    user: locals.user,
    theme: themeCookie(cookies.get('theme')),
    unread,
    invitations,
    address,
  };
};
