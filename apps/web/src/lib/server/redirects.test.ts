import { describe, expect, it } from 'vitest';
import { safeNext, sameOriginPath } from './redirects';

const ORIGIN = 'http://localhost:4205';
/** What a browser does with the Location header: where it goes, resolved against the page. */
const landsOn = (location: string) => new URL(location, `${ORIGIN}/login`).origin;
/** `?next=` as the login page reads it: the query string decoded by URLSearchParams. */
const fromQuery = (query: string) => new URLSearchParams(query).get('next');

describe('safeNext', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNext('/account', ORIGIN)).toBe('/account');
    expect(safeNext('/s/the-lighthouse-ledger/1?comment=p-3&pov=Mark#p-3', ORIGIN)).toBe(
      '/s/the-lighthouse-ledger/1?comment=p-3&pov=Mark#p-3',
    );
    expect(safeNext('/beta/abc_DEF-123', ORIGIN)).toBe('/beta/abc_DEF-123');
    // Percent-encoded slashes and tabs stay encoded: one path segment on our site.
    expect(safeNext('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
    expect(safeNext('/%09/evil.example/', ORIGIN)).toBe('/%09/evil.example/');
    expect(safeNext('/%5Cevil.example', ORIGIN)).toBe('/%5Cevil.example');
  });

  it('answers the parser’s ASCII form of a path, never raw input', () => {
    expect(safeNext('/café?q=ü', ORIGIN)).toBe('/caf%C3%A9?q=%C3%BC');
    expect(safeNext('/a/./b/../c', ORIGIN)).toBe('/a/c');
  });

  it('refuses the report’s target: a tab between slashes (?next=%2F%09%2Fevil.example%2F)', () => {
    const next = fromQuery('next=%2F%09%2Fevil.example%2F');
    expect(next).toBe('/\t/evil.example/');
    expect(safeNext(next, ORIGIN)).toBe('/');
  });

  it.each([
    // Tabs, newlines and carriage returns: URL parsers drop them, leaving `//evil.example`.
    ['tab', '/\t/evil.example/'],
    ['newline', '/\n/evil.example/'],
    ['CRLF', '/\r\n/evil.example/'],
    ['leading tab', '\t//evil.example/'],
    ['tab inside the scheme', 'java\tscript:alert(1)'],
    // Protocol-relative, in every spelling.
    ['//', '//evil.example/'],
    ['///', '///evil.example/'],
    ['//user@', '//user@evil.example/'],
    // Backslashes are slashes to an http URL parser.
    ['/\\', '/\\evil.example/'],
    ['\\\\', '\\\\evil.example/'],
    ['/\\/', '/\\/evil.example/'],
    ['\\/', '\\/evil.example/'],
    // Dot segments that normalise to a leading `//`.
    ['/.//', '/.//evil.example/'],
    ['/..//', '/..//evil.example/'],
    ['/a/..//', '/a/..//evil.example/'],
    // Other sites and schemes.
    ['absolute', 'https://evil.example/'],
    ['upper-case scheme', 'HTTPS://evil.example/'],
    ['credentials trick', 'http://localhost:4205@evil.example/'],
    ['javascript:', 'javascript:alert(document.domain)'],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    // Whitespace and invisible characters of other scripts: the parser or a header would choke.
    ['U+3000', '/\u3000/evil.example/'],
    ['leading U+3000', '\u3000//evil.example/'],
    ['U+00A0', '/\u00a0/evil.example/'],
    ['U+2028', '/\u2028/evil.example/'],
    ['U+2029', '/a\u2029'],
    ['U+200B', '/\u200b/evil.example/'],
    ['U+FEFF', '/\ufeff//evil.example/'],
    ['U+0000', '/\u0000/evil.example/'],
    ['U+007F', '/\u007f/evil.example/'],
    ['space', '/ /evil.example/'],
    // Not a path.
    ['relative', 'evil.example'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(3000)}`],
  ])('refuses %s', (_what, next) => {
    expect(safeNext(next, ORIGIN)).toBe('/');
  });

  it('refuses a missing next', () => {
    expect(safeNext(null, ORIGIN)).toBe('/');
    expect(safeNext(undefined, ORIGIN)).toBe('/');
  });

  it('whatever the input, the answer is a same-origin ASCII path a header can carry', () => {
    // A seeded walk over the pieces of known tricks, glued together at random.
    const pieces = [
      '/',
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      '.',
      '..',
      '%',
      '2F',
      '09',
      '5C',
      ':',
      '@',
      '?',
      '#',
      'evil.example',
      'javascript:',
      'http:',
      'a',
      ' ',
      '\u3000',
      '\u00a0',
      '\u200b',
      '\u2028',
      'é',
    ];
    let seed = 20261201;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      let next = '';
      for (let n = 1 + Math.floor(random() * 8); n > 0; n--)
        next += pieces[Math.floor(random() * pieces.length)];
      const out = safeNext(next, ORIGIN);
      expect(out, JSON.stringify(next)).toMatch(/^\/(?!\/)[\x21-\x7e]*$|^\/$/);
      expect(landsOn(out), JSON.stringify(next)).toBe(ORIGIN);
      expect(() => new Headers({ location: out }), JSON.stringify(next)).not.toThrow();
    }
  });
});

describe('sameOriginPath (the theme switch’s way back)', () => {
  it('takes a full URL of this site back to its path', () => {
    expect(sameOriginPath(`${ORIGIN}/s/x/1?pov=Mark`, ORIGIN)).toBe('/s/x/1?pov=Mark');
  });

  it('refuses another port, scheme or host, and anything malformed', () => {
    expect(sameOriginPath('http://localhost:4206/s/x/1', ORIGIN)).toBe('/');
    expect(sameOriginPath('https://localhost:4205/s/x/1', ORIGIN)).toBe('/');
    expect(sameOriginPath('http://evil.example/', ORIGIN)).toBe('/');
    expect(sameOriginPath('http://[::1', ORIGIN)).toBe('/');
    expect(sameOriginPath(null, ORIGIN)).toBe('/');
  });

  it('uses the fallback it is given', () => {
    expect(sameOriginPath('//evil.example/', ORIGIN, '/write')).toBe('/write');
  });
});
