// CSV downloads of every dashboard table: /dashboard/<story>/csv/<table>?<the page's filters>.
import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireLogin } from '$lib/server/forms';
import { filtersOf } from '../../../dashboard.server';
import type { RequestHandler } from './$types';

const TABLES = ['chapters', 'povs', 'discussed', 'passages', 'series', 'inbox'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const GET: RequestHandler = async (event) => {
  const { params, url } = event;
  requireLogin();
  const table = TABLES.find((t) => t === params.table);
  if (!table) error(404, { message: 'No such table.' });
  const q = url.searchParams;
  const day = (name: string) => (DAY.test(q.get(name) ?? '') ? q.get(name)! : undefined);
  const { chapterId, ...filters } = filtersOf(url);
  const caller = await api(event);
  const { filename, csv } = await caller.dashboard
    .csv({
      storyId: params.storyId,
      table,
      chapterId: chapterId ?? (q.get('chapter') || undefined),
      from: day('from'),
      to: day('to'),
      granularity:
        q.get('granularity') === 'week' ? 'week' : q.get('granularity') === 'day' ? 'day' : undefined,
      filters: table === 'inbox' ? { ...filters, ...(chapterId ? { chapterId } : {}) } : undefined,
    })
    .catch(loadError);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  });
};
