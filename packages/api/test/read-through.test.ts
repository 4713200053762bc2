// Read-through, hand-counted: the furthest passage of each reader per day (guests by the daily
// salted hash of address + user agent, members by their id), moved forward only; the share that
// reached each passage and per POV the share that finished its sections; marks gone the next
// day, counts kept; repeated beacons cost no database work.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { housekeeping } from '../src/jobs/housekeeping';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter } from '../src/services/chapter/publish-chapter';
import { recordReadThrough } from '../src/services/read-through/record';
import { harness, storyFixture, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

// Six text passages: Mark (0, 1), Lexie (2, 3), Mark again (4, 5).
const SOURCE =
  '::: pov Mark\nM1a.\n\nM1b.\n:::\n\n::: pov Lexie\nL1a.\n\nL1b.\n:::\n\n::: pov Mark\nM2a.\n\nM2b.\n:::\n';

async function chapterFixture() {
  const fx = await storyFixture(h, 'public');
  const userId = fx.users.owner.id;
  const { chapterId } = await createChapter({
    db,
    userId,
    storyId: fx.storyId,
    title: 'Three sections',
    upload: { source: SOURCE, format: 'markdown' },
  });
  await publishChapter({ db, userId, chapterId, now: new Date() });
  const text = await h.caller(fx.users.owner).reading.chapter({ chapterId });
  const keys = text.segments.flatMap((s) => s.passages.filter((p) => p.kind === 'text').map((p) => p.key));
  expect(keys).toHaveLength(6);
  return { fx, chapterId, keys };
}

describe('read-through', () => {
  it('counts each reader-day once at its furthest passage; the shares and the POVs, hand-counted', async () => {
    const { fx, chapterId, keys } = await chapterFixture();
    let clock = new Date('2032-06-01T09:00:00Z');
    const tick = () => (clock = new Date(clock.getTime() + 5000));
    const guest = (address: string, userAgent: string, i: number) =>
      h
        .caller(null, { clientAddress: address, userAgent, now: () => tick() })
        .reading.readThrough({ chapterId, passageKey: keys[i]! });
    const member = (user: (typeof fx.users)['reader'], i: number) =>
      h.caller(user, { now: () => tick() }).reading.readThrough({ chapterId, passageKey: keys[i]! });

    // G1 (A, Firefox) reads to L1a (2): counted once, moved twice; going back changes nothing.
    expect(await guest('198.51.100.1', FIREFOX, 0)).toBe('counted');
    expect(await guest('198.51.100.1', FIREFOX, 1)).toBe('moved');
    expect(await guest('198.51.100.1', FIREFOX, 2)).toBe('moved');
    expect(await guest('198.51.100.1', FIREFOX, 1)).toBe('repeat');
    // G2 (B) stops at M1a (0); G3 (A, Chrome: another person behind the address) jumps to M2b (5).
    expect(await guest('198.51.100.2', FIREFOX, 0)).toBe('counted');
    expect(await guest('198.51.100.1', CHROME, 5)).toBe('counted');
    // The signed-in reader reaches L1b (3). Bots, members of the story, unknown passages: nothing.
    expect(await member(fx.users.reader, 2)).toBe('counted');
    expect(await member(fx.users.reader, 3)).toBe('moved');
    expect(await guest('198.51.100.3', GOOGLEBOT, 5)).toBe('bot');
    expect(await member(fx.users.owner, 5)).toBe('member');
    expect(
      await h
        .caller(null, { clientAddress: '198.51.100.4', userAgent: FIREFOX })
        .reading.readThrough({ chapterId, passageKey: 'no-such-key' }),
    ).toBe('unknown-passage');
    // Day 2: G2 comes back and reads to the end, a new reader-day.
    clock = new Date('2032-06-02T09:00:00Z');
    expect(await guest('198.51.100.2', FIREFOX, 5)).toBe('counted');

    // Furthest passages: 0 (G2 day 1), 2 (G1), 3 (reader), 5 (G3, G2 day 2): five reader-days.
    // Reached: ¶0 5, ¶1 4, ¶2 4, ¶3 3, ¶4 2, ¶5 2.
    const report = await h.caller(fx.users.owner).dashboard.readThrough({ chapterId });
    expect(report.readers).toBe(5);
    expect(report.passages.map((p) => p.reached)).toEqual([5, 4, 4, 3, 2, 2]);
    expect(report.passages.map((p) => p.share)).toEqual([1, 0.8, 0.8, 0.6, 0.4, 0.4]);
    // Mark: his first section begun by 5 and finished by 4, his second begun by 2 and finished
    // by 2: 6 of 7. Lexie: begun by 4, finished by 3.
    expect(report.povs).toEqual([
      { name: 'Mark', color: '#1f6feb', sections: 2, began: 7, finished: 6, share: 6 / 7 },
      { name: 'Lexie', color: '#b35900', sections: 1, began: 4, finished: 3, share: 3 / 4 },
    ]);

    // Nothing stored is an address, a user agent or a user id; the next day's housekeeping
    // deletes day 1's marks, and the counts stay.
    const marks = await db.prisma.readThroughMark.findMany({ where: { chapterId } });
    for (const m of marks)
      expect(m.readerHash).not.toMatch(new RegExp(`198\\.51|Mozilla|user:|${fx.users.reader.id}`));
    const { tasks } = housekeeping({ db, auth: h.auth, now: () => clock });
    await tasks['housekeeping.prune']!(null, {} as never);
    expect(await db.prisma.readThroughMark.count({ where: { chapterId, day: '2032-06-01' } })).toBe(0);
    expect(await db.prisma.readThroughMark.count({ where: { chapterId, day: '2032-06-02' } })).toBe(1);
    expect(
      (await h.caller(fx.users.owner).dashboard.readThrough({ chapterId })).passages.map((p) => p.reached),
    ).toEqual([5, 4, 4, 3, 2, 2]);
  });

  it('a reader sending 500 beacons at once costs the database one write, and nobody else’s', async () => {
    const { chapterId, keys } = await chapterFixture();
    // Every use of the database handle is counted (the in-memory caches are keyed by this handle).
    let uses = 0;
    const prisma = new Proxy(db.prisma, {
      get(target, property, receiver) {
        if (typeof property === 'string' && property.startsWith('$')) uses += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const counted = { ...db, prisma } as Database;
    const now = new Date('2032-06-03T09:00:00Z');
    const reader = { userId: null, clientAddress: '203.0.113.9', userAgent: FIREFOX };
    expect(await recordReadThrough({ db: counted, chapterId, passageKey: keys[3]!, reader, now })).toBe(
      'counted',
    );
    uses = 0;
    // A step forward within a second of the last write waits for the next beacon.
    expect(
      await recordReadThrough({
        db: counted,
        chapterId,
        passageKey: keys[5]!,
        reader,
        now: new Date(now.getTime() + 500),
      }),
    ).toBe('limited');
    const outcomes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const at = new Date(now.getTime() + 1000 + i * 10);
      outcomes.add(
        await recordReadThrough({ db: counted, chapterId, passageKey: keys[i % 4]!, reader, now: at }),
      );
    }
    // Passages not past the furthest this instance has seen: answered from memory.
    expect([...outcomes].sort()).toEqual(['repeat']);
    expect(uses).toBe(0);
    expect(
      await db.prisma.readThroughPassage.findMany({
        where: { chapterId },
        select: { passageKey: true, readers: true },
      }),
    ).toEqual([{ passageKey: keys[3], readers: 1 }]);
  });
});
