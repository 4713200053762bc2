import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection';
import { openTestDatabase, testDatabaseUrl } from './testing';

function nextMessage(
  db: Database,
  channel: string,
): Promise<{ payload: unknown; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${channel}`)), 10_000);
    let stop: () => Promise<void> = async () => {};
    void db.pubsub
      .subscribe(channel, (payload) => {
        clearTimeout(timer);
        resolve({ payload, stop });
      })
      .then((s) => {
        stop = s;
      });
  });
}

describe('live-update fan-out (LISTEN/NOTIFY)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('delivers a published payload to a subscriber', async () => {
    const channel = `t_${Math.random().toString(36).slice(2, 10)}`;
    const received: unknown[] = [];
    const stop = await db.pubsub.subscribe(channel, (p) => received.push(p));
    await db.pubsub.publish(channel, { commentId: 'c1', count: 3 });
    await expect.poll(() => received, { timeout: 10_000 }).toEqual([{ commentId: 'c1', count: 3 }]);
    await stop();
    await db.pubsub.publish(channel, { after: 'stop' });
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1);
  });

  it('rejects channel names that are not plain identifiers', async () => {
    await expect(db.pubsub.publish('bad channel; DROP', {})).rejects.toThrow('Invalid channel');
  });

  // On PostgreSQL, a second handle stands for a second app instance; PGlite is one process,
  // so there a second subscriber on the same handle must hear it.
  it('crosses from the publishing handle to another listener', async () => {
    const url = testDatabaseUrl();
    const other = url ? await openDatabase({ kind: 'postgres', url }) : db;
    try {
      const channel = `t_${Math.random().toString(36).slice(2, 10)}`;
      const waiting = nextMessage(other, channel);
      // Subscription is asynchronous; publish until the other instance has heard it.
      await new Promise((r) => setTimeout(r, 200));
      await db.pubsub.publish(channel, { from: 'instance-a' });
      const { payload, stop } = await waiting;
      expect(payload).toEqual({ from: 'instance-a' });
      await stop();
    } finally {
      if (other !== db) await other.close();
    }
  });
});
