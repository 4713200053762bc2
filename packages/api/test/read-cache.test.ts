// The per-instance read cache (src/services/read-cache.ts) on lru-cache: bounded by bytes, a
// copy used only under its version, one load for concurrent readers, a failed load not kept.
import type { Database } from '@margins/db';
import { describe, expect, it } from 'vitest';
import { ReadCache } from '../src/services/read-cache';

/** The cache keys its stores by database handle only: any object stands in for one. */
const fakeDb = () => ({}) as Database;
const KB = 1024;

describe('ReadCache', () => {
  it('holds at most its budget in bytes, whatever the values weigh', async () => {
    const cache = new ReadCache<string>({ bytes: 64 * KB, sizeOf: (v) => v.length });
    const db = fakeDb();
    for (let i = 0; i < 100; i++) await cache.get(db, `k${i}`, 'v', async () => 'x'.repeat(4 * KB));
    expect(cache.stats(db).bytes).toBeLessThanOrEqual(64 * KB);
    expect(cache.stats(db).entries).toBe(16);
    // A value over the whole budget is served but not kept.
    expect(await cache.get(db, 'big', 'v', async () => 'x'.repeat(65 * KB))).toHaveLength(65 * KB);
    await Promise.resolve();
    expect(cache.stats(db).bytes).toBeLessThanOrEqual(64 * KB);
  });

  it('sizes values by their JSON when no size is given, and bounds the number of keys too', async () => {
    const cache = new ReadCache<{ text: string }>({ bytes: 1024 * KB, entries: 3 });
    const db = fakeDb();
    for (let i = 0; i < 5; i++) await cache.get(db, `k${i}`, 'v', async () => ({ text: 'y'.repeat(KB) }));
    expect(cache.stats(db).entries).toBe(3);
    expect(cache.stats(db).bytes).toBeGreaterThanOrEqual(3 * 2 * KB);
  });

  it('loads once for concurrent readers, again under a new version, and never keeps a failure', async () => {
    const cache = new ReadCache<number>({ bytes: 64 * KB });
    const db = fakeDb();
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get(db, 'k', '1', load), cache.get(db, 'k', '1', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get(db, 'k', '1', load)).toBe(1);
    expect(await cache.get(db, 'k', '2', load)).toBe(2);
    await expect(cache.get(db, 'bad', '1', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get(db, 'bad', '1', load)).toBe(3);
    // Each database handle has its own store.
    expect(await cache.get(fakeDb(), 'k', '2', load)).toBe(4);
  });
});
