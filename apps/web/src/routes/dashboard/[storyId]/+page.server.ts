import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { requireLogin } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { params, url } = event;
  const now = new Date();
  const fromParam = url.searchParams.get('from') ?? '';
  const toParam = url.searchParams.get('to') ?? '';
  const range = {
    from: DAY.test(fromParam) ? fromParam : iso(new Date(now.getTime() - 29 * 86_400_000)),
    to: DAY.test(toParam) ? toParam : iso(now),
  };
  const granularity = url.searchParams.get('granularity') === 'week' ? ('week' as const) : ('day' as const);
  const chapterId = url.searchParams.get('chapter') || undefined;
  const caller = await api(event);
  try {
    const [overview, series, inbox, audience, subscribers] = await Promise.all([
      caller.dashboard.story({ storyId: params.storyId }),
      caller.dashboard.series({ storyId: params.storyId, chapterId, ...range, granularity }),
      caller.dashboard.inbox({ filters: { storyId: params.storyId }, limit: 1 }),
      caller.dashboard.audience({ storyId: params.storyId }),
      caller.follow.series({ storyId: params.storyId, days: 30 }).catch(() => null),
    ]);
    return {
      overview,
      series,
      unread: inbox.unread,
      range,
      granularity,
      chapterId: chapterId ?? '',
      audience,
      subscribers,
    };
  } catch (e) {
    loadError(e);
  }
};
