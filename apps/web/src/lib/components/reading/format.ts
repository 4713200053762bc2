// Small, dependency-free formatting shared by the reading pages (runs on server and client).

const wordsFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat('en', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

export function words(n: number): string {
  return `${wordsFormat.format(n)} ${n === 1 ? 'word' : 'words'}`;
}

export function number(n: number): string {
  return wordsFormat.format(n);
}

export function count(n: number, one: string, many = `${one}s`): string {
  return `${wordsFormat.format(n)} ${n === 1 ? one : many}`;
}

/** Dates in UTC so server and client render the same text (no hydration mismatch). */
export function date(d: Date | string | null | undefined): string {
  return d ? dateFormat.format(new Date(d)) : '';
}

export function isoDate(d: Date | string | null | undefined): string {
  return d ? new Date(d).toISOString() : '';
}

export function authorNames(authors: { username: string; displayName: string | null }[]): string {
  const names = authors.map((a) => a.displayName ?? a.username);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export type TagKind = 'fandom' | 'character' | 'relationship' | 'freeform';
export const TAG_KINDS: readonly TagKind[] = ['fandom', 'character', 'relationship', 'freeform'];

/** `/browse?tag=kind:name` — the one way tags link to browse. */
export function tagHref(kind: TagKind, name: string): string {
  return `/browse?${new URLSearchParams({ tag: `${kind}:${name}` })}`;
}

export function characterHref(name: string): string {
  return `/browse?${new URLSearchParams({ character: name })}`;
}
