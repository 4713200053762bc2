// The reader's history, "marked for later", bookmarks and subscriptions as one JSON file. Stands
// in for the account data export of issue 18 (another branch), which should take this in.
import { error, json, type RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api';

export const GET: RequestHandler = async (event) => {
  if (!event.locals.user) error(401, { message: 'Log in to download your reading data.' });
  const data = await (await api(event)).library.export();
  return json(data, {
    headers: {
      'content-disposition': 'attachment; filename="margins-reading.json"',
      'cache-control': 'private, no-store',
    },
  });
};
