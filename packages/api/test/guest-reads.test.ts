// Logged-out reads, hand-counted: unique per chapter per UTC day by a salted hash of address and
// user agent, bots not counted, the day's marks and salt destroyed by housekeeping while the
// count stays; the dashboard shows members, guests and total apart.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { housekeeping } from '../src/jobs/housekeeping';
import { isPrefetch } from '../src/services/guest/guest-read';
import { harness, storyFixture, trpcError, type Harness } from './helpers';

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

describe('guest reads', () => {
  it('unique per chapter per day by address and user agent; bots and members are not guests', async () => {
    const fx = await storyFixture(h, 'public');
    const chapterId = fx.liveChapterId;
    let clock = new Date('2032-05-10T09:00:00Z');
    const read = (address: string, userAgent: string | null) =>
      h
        .caller(null, { clientAddress: address, userAgent, now: () => clock })
        .reading.recordGuestRead({ chapterId });
    // Day 1: A (Firefox), A again, A with Chrome (another person behind the same address), B, a bot, no user agent.
    expect(await read('198.51.100.1', FIREFOX)).toBe('counted');
    expect(await read('198.51.100.1', FIREFOX)).toBe('repeat');
    expect(await read('198.51.100.1', CHROME)).toBe('counted');
    expect(await read('198.51.100.2', FIREFOX)).toBe('counted');
    expect(await read('198.51.100.3', GOOGLEBOT)).toBe('bot');
    expect(await read('198.51.100.4', null)).toBe('bot');
    // A signed-in reader is counted as a member (reading.recordRead), never as a guest.
    expect(await h.caller(fx.users.reader).reading.recordGuestRead({ chapterId })).toBe('member');
    // Day 2: A comes back — a new day, a new count.
    clock = new Date('2032-05-11T09:00:00Z');
    expect(await read('198.51.100.1', FIREFOX)).toBe('counted');
    const days = await db.prisma.guestReadDay.findMany({
      where: { chapterId },
      orderBy: { day: 'asc' },
      select: { day: true, reads: true },
    });
    expect(days).toEqual([
      { day: '2032-05-10', reads: 3 },
      { day: '2032-05-11', reads: 1 },
    ]);

    // Nothing stored is an address or a user agent.
    const marks = await db.prisma.guestReadMark.findMany({ where: { chapterId } });
    for (const m of marks) expect(m.readerHash).not.toMatch(/198\.51|Mozilla/);

    // Housekeeping on day 2 deletes day 1's marks and salt; the counts stay.
    const { tasks } = housekeeping({ db, auth: h.auth, now: () => clock });
    await tasks['housekeeping.prune']!(null, {} as never);
    expect(await db.prisma.guestReadMark.count({ where: { chapterId, day: '2032-05-10' } })).toBe(0);
    expect(await db.prisma.guestReadMark.count({ where: { chapterId, day: '2032-05-11' } })).toBe(1);
    expect(await db.prisma.readerSalt.findUnique({ where: { day: '2032-05-10' } })).toBeNull();
    expect(await db.prisma.guestReadDay.count({ where: { chapterId } })).toBe(2);

    // The dashboard: members (reads as before), guests, apart.
    await h.caller(fx.users.reader).reading.recordRead({ chapterId });
    const audience = await h.caller(fx.users.owner).dashboard.audience({ storyId: fx.storyId });
    const row = audience.chapters.find((c) => c.id === chapterId)!;
    expect(row.reads).toEqual({ members: 1, guests: 4 });
    expect(audience.totals.reads.guests).toBe(4);
    expect(
      (await trpcError(h.caller(fx.users.reader).dashboard.audience({ storyId: fx.storyId }))).code,
    ).toBe('NOT_FOUND');
  });

  it('only chapters a guest may read are counted', async () => {
    const fx = await storyFixture(h, 'public');
    const guest = h.caller(null, { userAgent: FIREFOX });
    expect((await trpcError(guest.reading.recordGuestRead({ chapterId: fx.draftChapterId }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await db.prisma.guestReadDay.count({ where: { chapterId: fx.draftChapterId } })).toBe(0);
  });

  it('prefetches and prerenders are recognised by their headers', () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(isPrefetch(headers({ 'sec-purpose': 'prefetch' }))).toBe(true);
    expect(isPrefetch(headers({ 'sec-purpose': 'prefetch;prerender' }))).toBe(true);
    expect(isPrefetch(headers({ purpose: 'prefetch' }))).toBe(true);
    expect(isPrefetch(headers({ accept: 'text/html' }))).toBe(false);
  });
});
