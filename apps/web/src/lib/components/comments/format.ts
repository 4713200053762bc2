// Formatting shared by the comment and review components (server and browser alike).

const stamp = new Intl.DateTimeFormat('en', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Dates are Dates from server loads and refetches alike (superjson); UTC avoids hydration mismatches. */
export function day(d: Date | null | undefined): string {
  return d ? stamp.format(d) : '';
}

export function iso(d: Date | null | undefined): string {
  return d ? d.toISOString() : '';
}

export function displayName(a: { username: string; displayName: string | null } | null): string {
  return a ? (a.displayName ?? a.username) : 'Someone';
}
