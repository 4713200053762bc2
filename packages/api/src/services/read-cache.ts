// Reads kept in memory per app instance and database handle, each filed under the version it
// was read at. Callers pass the content version they have just read with their access check
// (ChapterAccess.contentVersion: counters that triggers bump in the same transaction as every
// write a reader sees — the content_versions migration), so a copy is used only while nothing
// it shows has changed, on this instance or any other: no invalidation messages. Data that never
// changes (a stored revision) is filed under one constant version.
//
// Bounded by bytes: the maintained `lru-cache` (maxSize, a size per entry) does the recency order
// and eviction. What it does not do, and this file adds: one store per database handle (tests and
// benchmarks open several), a version per key (a stale copy is a miss, and is replaced), one load
// however many requests ask at once (the promise is cached), and a size known only once the
// value has arrived (a pending load is counted at PENDING_BYTES, then re-filed at its real size).
import type { Database } from '@margins/db';
import { LRUCache } from 'lru-cache';

interface Entry<T> {
  version: string;
  value: Promise<T>;
  /** Bytes, about; PENDING_BYTES until the value has arrived. */
  size: number;
}

/** What a load in flight is counted at. */
const PENDING_BYTES = 1024;

/** Each cache's byte budget per database handle unless it names its own. */
export const DEFAULT_READ_CACHE_BYTES = 32 * 1024 * 1024;

export interface ReadCacheLimits<T> {
  /** At most this many bytes of values per database handle (an entry over it is not kept); DEFAULT_READ_CACHE_BYTES. */
  bytes?: number;
  /** At most this many keys per database handle. */
  entries?: number;
  /** The value's size in bytes, about (default: its JSON, two bytes a character). */
  sizeOf?: (value: T) => number;
}

/** About how many bytes a value holds in memory: its JSON, two bytes a character. */
export function approximateBytes(value: unknown): number {
  return 2 * (JSON.stringify(value)?.length ?? 0);
}

/** Least recently used keys are dropped first, by count and by bytes. */
export class ReadCache<T> {
  readonly #perDb = new WeakMap<Database, LRUCache<string, Entry<T>>>();

  constructor(private readonly limits: ReadCacheLimits<T>) {}

  #store(db: Database): LRUCache<string, Entry<T>> {
    let store = this.#perDb.get(db);
    if (!store) {
      store = new LRUCache<string, Entry<T>>({
        maxSize: this.limits.bytes ?? DEFAULT_READ_CACHE_BYTES,
        ...(this.limits.entries ? { max: this.limits.entries } : {}),
        sizeCalculation: (entry) => Math.max(1, entry.size),
      });
      this.#perDb.set(db, store);
    }
    return store;
  }

  /** The value for `key` read at `version`, loading (once, however many ask at a time) on a miss. */
  get(db: Database, key: string, version: string, load: () => Promise<T>): Promise<T> {
    const store = this.#store(db);
    const hit = store.get(key);
    if (hit && hit.version === version) return hit.value;
    const entry: Entry<T> = { version, value: load(), size: PENDING_BYTES };
    store.set(key, entry);
    const sizeOf = this.limits.sizeOf ?? approximateBytes;
    entry.value.then(
      (value) => {
        // Re-filed at its real size (a new entry object: lru-cache sizes an entry when it is set).
        if (store.peek(key) === entry) store.set(key, { ...entry, size: sizeOf(value) });
      },
      () => {
        if (store.peek(key) === entry) store.delete(key);
      },
    );
    return entry.value;
  }

  /** Bytes and entries held for `db` (tests check the bound). */
  stats(db: Database): { bytes: number; entries: number } {
    const store = this.#perDb.get(db);
    return { bytes: store?.calculatedSize ?? 0, entries: store?.size ?? 0 };
  }

  forget(db: Database): void {
    this.#perDb.delete(db);
  }
}
