// Series (docs/reading.md, "Series"): an author's ordered works, each intent one transaction.
// Parts stay numbered 1..n through inserts, moves and removals; readers see only the parts they
// may read, numbered among themselves (a private or unpublished story is never listed or
// counted); a series subscriber hears of a new chapter in any readable part, once.
import type { SessionUser } from '@margins/auth';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase } from '@margins/db/test';
import { startTestSmtpServer, type TestSmtpServer } from '@margins/mail/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobWorker } from '../src/jobs/index';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter } from '../src/services/chapter/publish-chapter';
import { createStory } from '../src/services/story/create-story';
import { publishStory, unpublishStory } from '../src/services/story/publish-story';
import { harness, trpcError, type Harness } from './helpers';

const SITE = 'https://margins.test';
let db: Database;
let h: Harness;
let smtp: TestSmtpServer;
let author: SessionUser;
let reader: SessionUser;
const now = () => new Date(Date.now() + 1000);

beforeAll(async () => {
  // The announcement scan looks at every chapter: on a database of its own it sees only these.
  db = await openPrivateTestDatabase();
  h = await harness(db);
  smtp = await startTestSmtpServer();
  [author, reader] = await Promise.all([h.user('sauthor'), h.user('sreader')]);
});
afterAll(async () => {
  await smtp?.close();
  await db?.close();
});

async function chapter(ownerId: string, storyId: string, title: string) {
  const upload = { source: `The tide turns in ${title}.\n`, format: 'markdown' as const };
  const { chapterId } = await createChapter({ db, userId: ownerId, storyId, title, upload });
  await publishChapter({ db, userId: ownerId, chapterId, now: new Date() });
  return chapterId;
}
/** A story of `owner` with one published chapter; published (public) unless told otherwise. */
async function story(title: string, options: { owner?: SessionUser; isPublic?: boolean } = {}) {
  const owner = options.owner ?? author;
  const { id, slug } = await createStory({ db, userId: owner.id, title, summary: `${title}, a part.` });
  await chapter(owner.id, id, 'One');
  if (options.isPublic ?? true) await publishStory({ db, userId: owner.id, storyId: id, now: new Date() });
  return { id, slug, title };
}
const titles = (s: { parts: { story: { title: string } }[] }) => s.parts.map((p) => p.story.title);
const positions = async (seriesId: string) =>
  (
    await db.prisma.seriesPart.findMany({
      where: { seriesId },
      orderBy: { position: 'asc' },
      select: { position: true, story: { select: { title: true } } },
    })
  ).map((p) => `${p.position}:${p.story.title}`);

describe('series', () => {
  it('keeps parts numbered 1..n through add (end or a position), move and remove', async () => {
    const [a, b, c] = [await story('Ash'), await story('Birch'), await story('Cedar')];
    const api = h.caller(author);
    const { id: seriesId, position } = await api.series.create({ title: 'Trees', storyId: a.id });
    expect(position).toBe(1);
    await api.series.addPart({ seriesId, storyId: b.id });
    await api.series.addPart({ seriesId, storyId: c.id, position: 1 });
    expect(await positions(seriesId)).toEqual(['1:Cedar', '2:Ash', '3:Birch']);
    // Past the end is the end.
    expect(await api.series.movePart({ seriesId, storyId: c.id, position: 99 })).toEqual({ position: 3 });
    expect(await positions(seriesId)).toEqual(['1:Ash', '2:Birch', '3:Cedar']);
    await api.series.movePart({ seriesId, storyId: b.id, position: 1 });
    expect(await positions(seriesId)).toEqual(['1:Birch', '2:Ash', '3:Cedar']);
    await api.series.removePart({ seriesId, storyId: b.id });
    expect(await positions(seriesId)).toEqual(['1:Ash', '2:Cedar']);
    // A work is in a series once.
    expect((await trpcError(api.series.addPart({ seriesId, storyId: a.id }))).code).toBe('CONFLICT');
    // Concurrent "add at the end" take turns on the series row: no two parts share a place.
    const [d, e] = [await story('Dogwood'), await story('Elm')];
    await Promise.all([
      api.series.addPart({ seriesId, storyId: d.id }),
      api.series.addPart({ seriesId, storyId: e.id }),
    ]);
    expect((await positions(seriesId)).map((p) => p.split(':')[0])).toEqual(['1', '2', '3', '4']);
    const mine = await api.series.mine();
    expect(mine.find((s) => s.id === seriesId)?.parts.map((p) => p.position)).toEqual([1, 2, 3, 4]);
  });

  it('lists and numbers only the parts the caller may read: private and unpublished works are never counted', async () => {
    const first = await story('First light');
    const hidden = await story('Hidden draft', { isPublic: false });
    const last = await story('Last light');
    const api = h.caller(author);
    const { id: seriesId } = await api.series.create({ title: 'Light', summary: 'Three lights.' });
    for (const s of [first, hidden, last]) await api.series.addPart({ seriesId, storyId: s.id });

    for (const who of [null, reader]) {
      const page = await h.caller(who).series.byId({ seriesId });
      expect(titles(page)).toEqual(['First light', 'Last light']);
      expect(page.parts.map((p) => p.part)).toEqual([1, 2]);
      expect(JSON.stringify(page)).not.toContain('Hidden draft');
      const [place] = await h.caller(who).series.ofStory({ slug: last.slug });
      expect(place).toMatchObject({ seriesId, title: 'Light', part: 2, total: 2, next: null });
      expect(place?.previous?.slug).toBe(first.slug);
      const [start] = await h.caller(who).series.ofStory({ storyId: first.id });
      expect(start).toMatchObject({ part: 1, total: 2, previous: null });
      expect(start?.next?.slug).toBe(last.slug);
      // The private work does not exist for them, series or not.
      expect((await trpcError(h.caller(who).series.ofStory({ storyId: hidden.id }))).code).toBe('NOT_FOUND');
    }
    // Its author reads every part, the private one in its place.
    const own = await api.series.byId({ seriesId });
    expect(titles(own)).toEqual(['First light', 'Hidden draft', 'Last light']);
    expect(own.mine).toBe(true);

    // A work taken back (unpublished) leaves the series for readers at once.
    await unpublishStory({ db, userId: author.id, storyId: first.id, now: new Date() });
    const after = await h.caller(null).series.byId({ seriesId });
    expect(titles(after)).toEqual(['Last light']);
    expect((await h.caller(null).series.ofStory({ storyId: last.id }))[0]).toMatchObject({
      part: 1,
      total: 1,
      previous: null,
    });

    // A series of nothing readable does not exist for readers (its title says nothing either).
    const { id: secret } = await api.series.create({ title: 'Secret series', storyId: hidden.id });
    expect((await trpcError(h.caller(null).series.byId({ seriesId: secret }))).code).toBe('NOT_FOUND');
    expect((await trpcError(h.caller(reader).series.byId({ seriesId: secret }))).code).toBe('NOT_FOUND');
    expect((await trpcError(h.caller(reader).follow.subscribe({ seriesId: secret }))).code).toBe('NOT_FOUND');
  });

  it('is changed by its author only, with their own works only', async () => {
    const own = await story('Own work');
    const other = await h.user('sother');
    const theirs = await story('Their work', { owner: other });
    const theirsPrivate = await story('Their private work', { owner: other, isPublic: false });
    const api = h.caller(author);
    const { id: seriesId } = await api.series.create({ title: 'Mine', storyId: own.id });
    // Someone else's work: visible but not theirs to add; private: not there at all.
    expect((await trpcError(api.series.addPart({ seriesId, storyId: theirs.id }))).code).toBe('FORBIDDEN');
    expect((await trpcError(api.series.addPart({ seriesId, storyId: theirsPrivate.id }))).code).toBe(
      'NOT_FOUND',
    );
    // Another user sees the series (a readable part) but may not change it.
    const them = h.caller(other);
    expect((await trpcError(them.series.addPart({ seriesId, storyId: theirs.id }))).code).toBe('FORBIDDEN');
    expect((await trpcError(them.series.update({ seriesId, title: 'Taken' }))).code).toBe('FORBIDDEN');
    expect((await trpcError(them.series.delete({ seriesId }))).code).toBe('FORBIDDEN');
    expect((await trpcError(them.series.movePart({ seriesId, storyId: own.id, position: 1 }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await positions(seriesId)).toEqual(['1:Own work']);
    await api.series.update({ seriesId, title: 'Still mine', summary: 'Edited.' });
    expect((await api.series.byId({ seriesId })).title).toBe('Still mine');
    await api.series.delete({ seriesId });
    expect((await trpcError(api.series.byId({ seriesId }))).code).toBe('NOT_FOUND');
    // The works stay.
    expect(await db.prisma.story.count({ where: { id: own.id } })).toBe(1);
  });
});

describe('series subscriptions', () => {
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
  async function drain() {
    const w = worker();
    for (let ran = await w.runDue(); ran > 0; ran = await w.runDue());
  }
  const mailsTo = (email: string) =>
    smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text.includes(email));

  it('a new chapter in any readable part notifies and mails the series subscribers, once each', async () => {
    const one = await story('Tide one');
    const two = await story('Tide two');
    const closed = await story('Tide closed', { isPublic: false });
    const api = h.caller(author);
    const { id: seriesId } = await api.series.create({ title: 'Tides', storyId: one.id });
    await api.series.addPart({ seriesId, storyId: two.id });
    await api.series.addPart({ seriesId, storyId: closed.id });
    await drain(); // the parts' first chapters are announced (to nobody) before anyone subscribes

    const fan = await h.user('sfan');
    const both = await h.user('sboth');
    for (const u of [fan, both]) await h.caller(u).follow.subscribe({ seriesId });
    // Subscribed to the series and to the story too: one announcement, through the story.
    await h.caller(both).follow.subscribe({ storyId: two.id });
    expect((await h.caller(fan).series.byId({ seriesId })).subscribed).toBe(true);
    expect((await trpcError(api.follow.subscribe({ seriesId }))).code).toBe('BAD_REQUEST');
    const verify = (id: string) =>
      db.prisma.user.update({
        where: { id },
        data: { emailVerifiedAt: new Date() },
        select: { email: true },
      });
    const fanEmail = (await verify(fan.id)).email!;
    const bothEmail = (await verify(both.id)).email!;

    const chapterId = await chapter(author.id, two.id, 'Two');
    await chapter(author.id, closed.id, 'Two'); // a private part: nobody is told
    await drain();

    const notes = await h.caller(fan).notification.list({});
    expect(notes.items.filter((n) => n.kind === 'chapter').map((n) => n.chapterId)).toEqual([chapterId]);
    const mails = mailsTo(fanEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('New chapter of Tide two');
    expect(mails[0]!.text).toContain('You subscribed to the series “Tides”');
    expect(mailsTo(bothEmail)).toHaveLength(1);
    expect(mailsTo(bothEmail)[0]!.text).toContain('You subscribed to “Tide two”');
    expect(
      (await h.caller(both).notification.list({})).items.filter((n) => n.kind === 'chapter'),
    ).toHaveLength(1);

    // Unsubscribed: the next chapter tells them nothing.
    await h.caller(fan).follow.unsubscribe({ seriesId });
    await chapter(author.id, one.id, 'Two');
    await drain();
    expect(mailsTo(fanEmail)).toHaveLength(1);
    // Still subscribed to the series: told of the other part's chapter, through the series.
    expect(mailsTo(bothEmail)).toHaveLength(2);
    expect(mailsTo(bothEmail)[1]!.text).toContain('You subscribed to the series “Tides”');
  });
});
