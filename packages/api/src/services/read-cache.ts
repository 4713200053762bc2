// Reads kept in memory per app instance and database handle, each filed under the content
// version it was read at (ChapterAccess.contentVersion: counters that triggers bump in the same
// transaction as every write a reader sees — the content_versions migration). A caller always
// passes the version it has just read with its access check, so a copy is used only while
// nothing it shows has changed, on this instance or any other: no invalidation messages.
import type { Database } from '@margins/db';

interface Entry<T> {
  version: string;
  value: Promise<T>;
}

/** At most `limit` keys, least recently used dropped first. */
export class ReadCache<T> {
  readonly #perDb = new WeakMap<Database, Map<string, Entry<T>>>();

  constructor(private readonly limit: number) {}

  /** The value for `key` read at `version`, loading (once, however many ask at a time) on a miss. */
  get(db: Database, key: string, version: string, load: () => Promise<T>): Promise<T> {
    let entries = this.#perDb.get(db);
    if (!entries) this.#perDb.set(db, (entries = new Map()));
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      // Map order is recency order.
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    }
    const entry: Entry<T> = { version, value: load() };
    entries.delete(key);
    entries.set(key, entry);
    const map = entries;
    entry.value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    for (const k of entries.keys()) {
      if (entries.size <= this.limit) break;
      entries.delete(k);
    }
    return entry.value;
  }

  forget(db: Database): void {
    this.#perDb.delete(db);
  }
}
