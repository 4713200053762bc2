// Shared by the /dashboard pages: the inbox filters. Each page's load and actions call
// requireLogin ($lib/server/forms) themselves.

export type InboxFilters = {
  chapterId?: string;
  povId?: string;
  kind?: 'comment' | 'review';
  type?: 'reaction' | 'critique' | 'typo';
  verdict?: 'yay' | 'nay';
  seen?: 'read' | 'unread';
};

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** The filters as the URL gives them; unknown values are ignored, not errors. */
export function filtersOf(url: URL): InboxFilters {
  const q = url.searchParams;
  const f: InboxFilters = {};
  if (q.get('chapterId')) f.chapterId = q.get('chapterId')!;
  if (q.get('povId')) f.povId = q.get('povId')!;
  f.kind = pick(q.get('kind'), ['comment', 'review'] as const);
  f.type = pick(q.get('type'), ['reaction', 'critique', 'typo'] as const);
  f.verdict = pick(q.get('verdict'), ['yay', 'nay'] as const);
  f.seen = pick(q.get('seen'), ['read', 'unread'] as const);
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}
