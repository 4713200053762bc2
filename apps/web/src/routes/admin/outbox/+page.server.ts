// /admin/outbox: the mail table, newest first (docs/mail.md: with no SMTP server, mail is kept here).
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const mails = await (await api(event)).admin.outbox().catch(loadError);
  return { mails };
};
