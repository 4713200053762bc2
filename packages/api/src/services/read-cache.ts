// Reads kept in memory per app instance and database handle, each filed under the version it
// was read at. Callers pass the content version they have just read with their access check
// (ChapterAccess.contentVersion: counters that triggers bump in the same transaction as every
// write a reader sees — the content_versions migration), so a copy is used only while nothing
// it shows has changed, on this instance or any other: no invalidation messages. Data that never
// changes (a stored revision) is filed under one constant version.
import type { Database } from '@margins/db';

interface Entry<T> {
  version: string;
  value: Promise<T>;
  /** Counted once the value has arrived (0 until then). */
  size: number;
}

export interface ReadCacheLimits<T> {
  /** At most this many keys per database handle. */
  entries?: number;
  /** At most this much `sizeOf` per database handle (one entry is always kept). */
  size?: number;
  sizeOf?: (value: T) => number;
}

interface Store<T> {
  entries: Map<string, Entry<T>>;
  size: number;
}

/** Least recently used keys are dropped first. */
export class ReadCache<T> {
  readonly #perDb = new WeakMap<Database, Store<T>>();

  constructor(private readonly limits: ReadCacheLimits<T>) {}

  /** The value for `key` read at `version`, loading (once, however many ask at a time) on a miss. */
  get(db: Database, key: string, version: string, load: () => Promise<T>): Promise<T> {
    let store = this.#perDb.get(db);
    if (!store) this.#perDb.set(db, (store = { entries: new Map(), size: 0 }));
    const { entries } = store;
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      // Map order is recency order.
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    }
    if (hit) this.#drop(store, key, hit);
    const entry: Entry<T> = { version, value: load(), size: 0 };
    entries.set(key, entry);
    const kept = store;
    entry.value.then(
      (value) => {
        if (kept.entries.get(key) !== entry || !this.limits.sizeOf) return;
        entry.size = this.limits.sizeOf(value);
        kept.size += entry.size;
        this.#evict(kept);
      },
      () => {
        if (kept.entries.get(key) === entry) this.#drop(kept, key, entry);
      },
    );
    this.#evict(store);
    return entry.value;
  }

  forget(db: Database): void {
    this.#perDb.delete(db);
  }

  #evict(store: Store<T>): void {
    const { entries: maxEntries = Infinity, size: maxSize = Infinity } = this.limits;
    for (const [k, e] of store.entries) {
      if (store.entries.size <= 1 || (store.entries.size <= maxEntries && store.size <= maxSize)) break;
      this.#drop(store, k, e);
    }
  }

  #drop(store: Store<T>, key: string, entry: Entry<T>): void {
    store.entries.delete(key);
    store.size -= entry.size;
  }
}
