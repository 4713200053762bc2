// Formatting shared by the comment and review components (server and browser alike).

const stamp = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** Dates may be Dates (server load) or ISO strings (refetched over HTTP); UTC avoids hydration mismatches. */
export function day(d: Date | string | null | undefined): string {
  return d ? stamp.format(new Date(d)) : '';
}

export function iso(d: Date | string | null | undefined): string {
  return d ? new Date(d).toISOString() : '';
}

export function displayName(a: { username: string; displayName: string | null } | null): string {
  return a ? (a.displayName ?? a.username) : 'Someone';
}

/** Public, visible comments per passage — the rule the server counts by (docs/comments.md). */
export function countByPassage(
  threads: {
    passageKey: string | null;
    outdated: boolean;
    root: { visibility: string; status: string };
    replies: { visibility: string; status: string }[];
  }[],
): { byPassage: Record<string, number>; outdated: number } {
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  const counted = (c: { visibility: string; status: string }) => (c.visibility === 'public' && c.status === 'visible' ? 1 : 0);
  for (const t of threads) {
    const n = counted(t.root) + t.replies.reduce((sum, r) => sum + counted(r), 0);
    if (!n) continue;
    if (t.outdated || t.passageKey === null) outdated += n;
    else byPassage[t.passageKey] = (byPassage[t.passageKey] ?? 0) + n;
  }
  return { byPassage, outdated };
}
