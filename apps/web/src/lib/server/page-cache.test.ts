// The page cache may hand a reader only the page of the current content version, never another
// response's cookie or nonce, and never more than its byte budget.
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache';

const NONCE = 'abc123';
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}'`;

function page(body = '<p>chapter</p>', headers: Record<string, string> = {}, status = 200): Response {
  return new Response(
    `<html><script nonce="${NONCE}">1</script>${body}<script nonce="${NONCE}">2</script></html>`,
    {
      status,
      headers: {
        'content-type': 'text/html',
        'content-security-policy': CSP,
        'cache-control': 'private',
        ...headers,
      },
    },
  );
}

function nonceOf(csp: string | null): string {
  return /'nonce-([^']+)'/.exec(csp ?? '')![1]!;
}

describe('PageCache', () => {
  it('serves a kept page only under the version it was rendered under', async () => {
    const cache = new PageCache(1_000_000);
    const sent = await cache.put('/s/a/1', 'v1', page());
    expect(sent.headers.get('x-margins-cache')).toBe('miss');
    expect(await sent.text()).toContain('<p>chapter</p>');

    const hit = cache.get('/s/a/1', 'v1')!;
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-margins-cache')).toBe('hit');
    expect(hit.headers.get('cache-control')).toBe('private');
    expect(await hit.text()).toContain('<p>chapter</p>');
    expect(cache.get('/s/a/2', 'v1')).toBeNull();

    // A newer version misses and drops the stale copy.
    expect(cache.get('/s/a/1', 'v2')).toBeNull();
    expect(cache.size).toBe(0);
    expect(cache.get('/s/a/1', 'v1')).toBeNull();
  });

  it('gives every hit a fresh nonce, the same in the CSP header and in each script, and a matching length', async () => {
    const cache = new PageCache(1_000_000);
    await cache.put('/p', 'v1', page('<p>é</p>'));
    const a = cache.get('/p', 'v1')!;
    const b = cache.get('/p', 'v1')!;
    const [nonceA, nonceB] = [
      nonceOf(a.headers.get('content-security-policy')),
      nonceOf(b.headers.get('content-security-policy')),
    ];
    expect(nonceA).not.toBe(NONCE);
    expect(nonceA).not.toBe(nonceB);
    const html = await a.text();
    expect(html).not.toContain(NONCE);
    expect(html.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${nonceA}"`, `nonce="${nonceA}"`]);
    expect(html).toBe(
      `<html><script nonce="${nonceA}">1</script><p>é</p><script nonce="${nonceA}">2</script></html>`,
    );
    expect(Number(a.headers.get('content-length'))).toBe(new TextEncoder().encode(html).byteLength);
    expect(a.headers.get('content-security-policy')).toBe(CSP.replace(NONCE, nonceA));
  });

  it('keeps no per-response header (cookies, date, length) and nothing that is not a plain 200 HTML page', async () => {
    const cache = new PageCache(1_000_000);
    await cache.put('/p', 'v1', page('<p>x</p>', { date: 'Thu, 01 Jan 2026 00:00:00 GMT' }));
    const hit = cache.get('/p', 'v1')!;
    expect(hit.headers.get('date')).toBeNull();

    for (const [key, response] of [
      ['/cookie', page('<p>x</p>', { 'set-cookie': 'session=secret' })],
      ['/404', page('<p>x</p>', {}, 404)],
      ['/json', new Response('{}', { headers: { 'content-type': 'application/json' } })],
    ] as const) {
      const sent = await cache.put(key, 'v1', response);
      expect(sent).toBe(response);
      expect(cache.get(key, 'v1')).toBeNull();
    }
    expect(cache.size).toBe(1);
  });

  it('stays within its byte budget, dropping the least recently used page first', async () => {
    // Each entry counts its bytes plus 1 KB, about 1.1 KB here: four fit in 5 KB, five do not.
    const cache = new PageCache(5_000);
    for (const key of ['/1', '/2', '/3', '/4']) await cache.put(key, 'v', page());
    expect(cache.size).toBe(4);
    expect(cache.get('/1', 'v')).not.toBeNull(); // /1 is now the most recently used
    await cache.put('/5', 'v', page());
    expect(cache.size).toBe(4);
    expect(cache.get('/2', 'v')).toBeNull();
    for (const key of ['/1', '/3', '/4', '/5']) expect(cache.get(key, 'v')).not.toBeNull();
  });

  it('replaces a page kept under the same key without counting it twice', async () => {
    const cache = new PageCache(5_000);
    for (let i = 0; i < 10; i++) await cache.put('/same', `v${i}`, page());
    for (const key of ['/2', '/3', '/4']) await cache.put(key, 'v', page());
    expect(cache.size).toBe(4);
    expect(cache.get('/same', 'v9')).not.toBeNull();
  });

  it('does not keep a page larger than a quarter of the budget, or anything with no budget', async () => {
    const big = new PageCache(4_000);
    const sent = await big.put('/big', 'v', page('<p>' + 'x'.repeat(2000) + '</p>'));
    expect(sent.headers.get('x-margins-cache')).toBe('miss');
    expect(big.size).toBe(0);

    const none = new PageCache(0);
    await none.put('/p', 'v', page());
    expect(none.size).toBe(0);
  });
});
