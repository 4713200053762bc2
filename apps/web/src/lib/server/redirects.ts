/**
 * The one gate for redirects to a target someone else supplied (`?next=` after login, the
 * Referer after a theme change): the answer is always a path on this site, or `fallback`.
 *
 * The target is parsed as the browser will parse the Location header (WHATWG URL, resolved
 * against our origin) and must land on our origin. Before parsing, anything the parser would
 * silently drop or reinterpret is refused outright: tabs and newlines (removed anywhere, so
 * `/\t/evil.example/` becomes `//evil.example/`), backslashes (read as `/` in http URLs),
 * control, format and space characters of any script (U+3000, U+00A0, U+2028, zero-width
 * marks…), which also cannot go into a header and used to answer 500. What comes back is the
 * parser's own serialisation (ASCII, percent-encoded), never the raw input, and never a path
 * that starts with `//` (`/.//evil.example` normalises to one, and a browser reads that as
 * another host).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Z}\\]/u;
/** Longer targets are no one's real page; refusing them keeps Location headers small. */
const MAX_LENGTH = 2048;

export function sameOriginPath(target: string | null | undefined, origin: string, fallback = '/'): string {
  if (typeof target !== 'string' || target === '' || target.length > MAX_LENGTH || UNSAFE.test(target))
    return fallback;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}

/** Where to go after logging in: `?next=` when it is a path on this site, else the home page. */
export function safeNext(next: string | null | undefined, origin: string): string {
  // Only paths: a full URL, even of this site, is not something our own links ever put there.
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  return sameOriginPath(next, origin, '/');
}
