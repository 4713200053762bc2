import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache';

const KB = 1024;
const page = (bytes: number, nonce = 'n0nce') =>
  new Response(`<script nonce="${nonce}"></script>${'x'.repeat(bytes)}`, {
    status: 200,
    headers: { 'content-type': 'text/html', 'content-security-policy': `script-src 'nonce-${nonce}'` },
  });

describe('PageCache', () => {
  it('holds at most its budget in bytes, dropping the least recently used copies', async () => {
    const cache = new PageCache(64 * KB);
    for (let i = 0; i < 40; i++) await (await cache.put(`/s/a/${i}`, 'v1', page(8 * KB))).text();
    expect(cache.bytes).toBeLessThanOrEqual(64 * KB);
    expect(cache.size).toBeGreaterThan(3);
    expect(cache.get('/s/a/0', 'v1')).toBeNull();
    expect(cache.get('/s/a/39', 'v1')).not.toBeNull();
  });

  it('keeps no copy over a quarter of the budget, and none at all with a budget of 0', async () => {
    const cache = new PageCache(64 * KB);
    expect(await (await cache.put('/s/a/1', 'v1', page(20 * KB))).text()).toContain('xxxx');
    expect(cache.size).toBe(0);
    const off = new PageCache(0);
    await off.put('/s/a/1', 'v1', page(KB));
    expect(off.size).toBe(0);
    expect(off.get('/s/a/1', 'v1')).toBeNull();
  });

  it('serves a copy only under its version, each time with a fresh nonce in header and body', async () => {
    const cache = new PageCache(64 * KB);
    await cache.put('/s/a/1', 'v1', page(KB));
    const first = cache.get('/s/a/1', 'v1')!;
    const second = cache.get('/s/a/1', 'v1')!;
    const nonceOf = (r: Response) =>
      /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    expect(await first.text()).toContain(`nonce="${nonceOf(first)}"`);
    expect(first.headers.get('x-margins-cache')).toBe('hit');
    expect(cache.get('/s/a/1', 'v2')).toBeNull();
    expect(cache.size).toBe(0);
  });
});
