// One user intent, one transaction. A service that is a step of a larger intent takes a `Tx`
// (the transaction client and an outbox for live events) instead of the database; the intent's
// entry point opens the transaction with `inTransaction`, and the live events its steps queued
// are published only once the transaction has committed — never for writes that rolled back, and
// never before a client that refetches on the event could see the change.
import type { Database } from '@margins/db';
import type { Db } from './access';
import { publishAccessChange, publishChapterEvent, type LiveEvent } from './live/publish';

/** Live events waiting for their transaction to commit. */
export class LiveOutbox {
  readonly events: { event: LiveEvent; more?: (db: Database) => Promise<Partial<LiveEvent>> }[] = [];
  readonly accessChanged = new Set<string>();

  /**
   * A comment or review event for the chapter's listeners. `more` adds what is read after the
   * commit: what the event carries about its thread (its place and count on the published text,
   * services/comment/live-change.ts) comes from committed rows through the shared caches. If that
   * read fails the event goes out without it — listeners then refetch, as on any bare event.
   */
  chapterEvent(event: LiveEvent, more?: (db: Database) => Promise<Partial<LiveEvent>>): void {
    this.events.push(more ? { event, more } : { event });
  }

  /** Who may read these chapters may have changed: their open streams check again. */
  accessChange(chapterIds: readonly string[]): void {
    for (const id of chapterIds) this.accessChanged.add(id);
  }

  /** After the commit; best-effort, like every live event (services/live/publish.ts). */
  async publish(db: Database): Promise<void> {
    for (const { event, more } of this.events)
      await publishChapterEvent(db, more ? { ...event, ...(await more(db).catch(() => ({}))) } : event);
    await publishAccessChange(db, [...this.accessChanged]);
  }
}

export interface Tx {
  /** The transaction client: every read and write of the intent goes through it. */
  prisma: Db;
  live: LiveOutbox;
}

export interface TransactionOptions {
  /** Milliseconds; an import that writes many chapters needs longer than Prisma's 5 s default. */
  timeout?: number;
  maxWait?: number;
}

/** Runs `work` in one transaction, then publishes the live events it queued. */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const live = new LiveOutbox();
  const result = await db.prisma.$transaction((prisma) => work({ prisma, live }), {
    maxWait: options.maxWait ?? 10_000,
    timeout: options.timeout ?? 30_000,
  });
  await live.publish(db);
  return result;
}
