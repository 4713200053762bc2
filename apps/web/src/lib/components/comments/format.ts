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
