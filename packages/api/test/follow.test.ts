// Subscriptions end to end on the real queue and a real SMTP server: a chapter published now
// or coming due on its schedule is announced once, by notification and mail (instant or daily
// digest), and every mail's one-click unsubscribe link (RFC 8058) works without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase } from '@margins/db/test';
import { startTestSmtpServer, type TestSmtpServer } from '@margins/mail/test';
import { createJobWorker } from '../src/jobs/index';
import { announceChapter } from '../src/services/follow/announce';
import {
  describeUnsubscribe,
  subscriberSeries,
  unsubscribeByToken,
} from '../src/services/follow/subscriptions';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter, scheduleChapter } from '../src/services/chapter/publish-chapter';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';

const SITE = 'https://margins.test';
let db: Database;
let h: Harness;
let smtp: TestSmtpServer;
let f: StoryFixture;
// The queue compares job times with the worker's clock; jobs enqueued without a time take the
// database's, so the test clock is the real one plus an offset that only grows.
let skew = 1000;
const now = () => new Date(Date.now() + skew);

beforeAll(async () => {
  // The due scan looks at every chapter: on a database of its own it sees only this test's.
  db = await openPrivateTestDatabase();
  h = await harness(db);
  smtp = await startTestSmtpServer();
  f = await storyFixture(h, 'public');
  await drain(); // the fixture's own chapter is announced (to nobody) before anyone subscribes
});
afterAll(async () => {
  await smtp.close();
  await db.close();
});

function worker() {
  return createJobWorker({
    db,
    auth: h.auth,
    now,
    siteUrl: SITE,
    mail: { smtpUrl: smtp.url, from: 'Margins <no-reply@margins.test>' },
    worker: { onError: () => {} },
  });
}
/** Runs jobs until none is due (an announcement queues mail, which is its own job). */
async function drain() {
  const w = worker();
  let total = 0;
  for (let ran = await w.runDue(); ran > 0; ran = await w.runDue()) total += ran;
  return total;
}
async function newChapter(title: string) {
  const upload = { source: directives([`Mark ${title}.`], [`Lexie ${title}.`]), format: 'markdown' as const };
  return (await createChapter({ db, userId: f.users.owner.id, storyId: f.storyId, title, upload })).chapterId;
}
const header = (mail: TestSmtpServer['received'][number], name: string) =>
  mail.headerLines
    .find((l) => l.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ');
const mailsTo = (email: string) =>
  smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text.includes(email));
/** The user's address, confirmed: only a confirmed address is mailed (docs/auth.md). */
const emailOf = async (userId: string) =>
  (
    await db.prisma.user.update({
      where: { id: userId },
      data: { emailVerifiedAt: new Date() },
      select: { email: true },
    })
  ).email as string;

describe('subscriptions', () => {
  it('a story subscriber gets the new-chapter mail over SMTP once, and one click (RFC 8058 POST) unsubscribes', async () => {
    const reader = f.users.reader;
    await h.caller(reader).follow.subscribe({ storyId: f.storyId });
    expect(await h.caller(reader).follow.status({ storyId: f.storyId })).toEqual({
      story: true,
      authors: [],
    });
    const email = await emailOf(reader.id);
    // A subscriber whose address is not confirmed gets the notification, never the mail.
    const unconfirmed = await h.user('unconfirmed');
    await h.caller(unconfirmed).follow.subscribe({ storyId: f.storyId });
    const unconfirmedEmail = (
      await db.prisma.user.findUniqueOrThrow({ where: { id: unconfirmed.id }, select: { email: true } })
    ).email as string;
    expect(unconfirmedEmail).toContain('@');

    const chapterId = await newChapter('Three');
    await publishChapter({ db, userId: f.users.owner.id, chapterId, now: now() });
    await drain();

    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain('New chapter of');
    // The fixture's live chapter is 1 and the draft "Two" is not live, so "Three" is chapter 2 for readers.
    expect(mail.text).toContain(`${SITE}/s/${f.slug}/2`);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(https:\/\/margins\.test\/unsubscribe\/([^>]+))>$/.exec(
      header(mail, 'list-unsubscribe') ?? '',
    );
    expect(link).not.toBeNull();
    const token = link![2]!;
    const notes = await h.caller(reader).notification.list({});
    expect(notes.items.filter((n) => n.kind === 'chapter' && n.chapterId === chapterId)).toHaveLength(1);

    // Exactly once: a second announcement of the same chapter (a retried or re-enqueued job) tells no one.
    expect(await announceChapter({ db, now: now(), siteUrl: SITE, chapterId })).toBe(0);
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(unconfirmedEmail)).toHaveLength(0);
    expect(await db.prisma.notification.count({ where: { userId: unconfirmed.id, kind: 'chapter' } })).toBe(
      1,
    );

    // A forged or altered link does nothing; the real one, with no session, ends the subscription.
    expect(
      await unsubscribeByToken({
        db,
        token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
        now: now(),
      }),
    ).toEqual({ ok: false });
    expect(await describeUnsubscribe({ db, token })).toMatchObject({ done: false });
    expect(await unsubscribeByToken({ db, token, now: now() })).toEqual({ ok: true });
    expect(await unsubscribeByToken({ db, token, now: now() })).toEqual({ ok: true });
    expect(await describeUnsubscribe({ db, token })).toMatchObject({ done: true });
    expect(await h.caller(reader).follow.status({ storyId: f.storyId })).toEqual({
      story: false,
      authors: [],
    });

    const four = await newChapter('Four');
    await publishChapter({ db, userId: f.users.owner.id, chapterId: four, now: now() });
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('a scheduled chapter is announced when it comes due, to an author follower by daily digest, once', async () => {
    const follower = await h.user('follower');
    await h.caller(follower).follow.subscribe({ authorUsername: f.users.owner.username });
    await h.caller(follower).follow.setMailFrequency({ mail: 'daily' });
    const email = await emailOf(follower.id);

    const five = await newChapter('Five');
    await scheduleChapter({
      db,
      userId: f.users.owner.id,
      chapterId: five,
      publishAt: new Date(now().getTime() + 3_600_000),
      now: now(),
    });
    await drain();
    expect(
      await db.prisma.chapter.findUniqueOrThrow({ where: { id: five }, select: { announcedAt: true } }),
    ).toEqual({ announcedAt: null });

    skew += 3_600_000 + 61_000; // past its time and into the next minute's scan
    await drain();
    expect(await db.prisma.digestItem.count({ where: { userId: follower.id } })).toBe(1);
    expect(mailsTo(email)).toHaveLength(0); // daily: nothing at once
    const notes = await h.caller(follower).notification.list({});
    expect(notes.items.filter((n) => n.kind === 'chapter' && n.chapterId === five)).toHaveLength(1);

    skew += 86_400_000; // the next day's digest slot
    await drain();
    const digests = mailsTo(email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Five');
    expect(header(digests[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(await db.prisma.digestItem.count({ where: { userId: follower.id } })).toBe(0);

    // The digest's link turns all new-chapter mail off.
    const token = /unsubscribe\/([^>]+)>/.exec(header(digests[0]!, 'list-unsubscribe') ?? '')![1]!;
    expect(await unsubscribeByToken({ db, token, now: now() })).toEqual({ ok: true });
    expect(await h.caller(follower).follow.mailFrequency()).toBe('off');
  });

  it('counts subscribers per day as hand-counted (story and author apart; an author follower of two co-authors once)', async () => {
    const g = await storyFixture(h, 'public');
    const [a, b, c] = await Promise.all([h.user('sa'), h.user('sb'), h.user('sc')]);
    const day = 86_400_000;
    const start = Date.UTC(2030, 0, 10, 12); // noon, 10 Jan 2030
    const at = (d: number) => new Date(start + d * day);
    await h.caller(a, { now: () => at(0) }).follow.subscribe({ storyId: g.storyId }); // 10 Jan
    await h.caller(b, { now: () => at(1) }).follow.subscribe({ storyId: g.storyId }); // 11 Jan
    await h.caller(c, { now: () => at(1) }).follow.subscribe({ authorUsername: g.users.owner.username }); // 11 Jan
    await h.caller(c, { now: () => at(1) }).follow.subscribe({ authorUsername: g.users.coauthor.username });
    await h.caller(a, { now: () => at(2) }).follow.unsubscribe({ storyId: g.storyId }); // 12 Jan
    const series = await subscriberSeries({
      db,
      userId: g.users.owner.id,
      storyId: g.storyId,
      days: 4,
      now: at(3),
    });
    expect(series.points).toEqual([
      { day: '2030-01-10', story: 1, author: 0 },
      { day: '2030-01-11', story: 2, author: 1 },
      { day: '2030-01-12', story: 1, author: 1 },
      { day: '2030-01-13', story: 1, author: 1 },
    ]);
    // Readers cannot see it.
    await expect(h.caller(a).follow.series({ storyId: g.storyId })).rejects.toThrow();
  });
});
