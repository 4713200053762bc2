// Search finds the published text of live chapters — ranked, with snippets that link to the
// passage, phrase and prefix queries — and nothing else: draft chapters, revisions not yet
// published, scheduled chapters before their time and private stories are never matched, counted
// or quoted. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import type { SessionUser } from '@margins/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../src/services/story/search-query';
import { harness, type Harness } from './helpers';

let db: Database;
let h: Harness;
let owner: SessionUser;
let reader: SessionUser;
/** A word no other test writes, so counts are exact on a shared database. */
const w = `q${uniqueSuffix()
  .replace(/[^a-z0-9]/gi, '')
  .toLowerCase()}`;
const md = (...paragraphs: string[]) => ({
  source: paragraphs.join('\n\n') + '\n',
  format: 'markdown' as const,
});
const slugs: Record<string, string> = {};

async function story(title: string, summary: string, publish = true) {
  const caller = h.caller(owner);
  const s = await caller.story.create({ title, summary });
  if (publish) await caller.story.publish({ storyId: s.id });
  return s;
}

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  owner = await h.user('srch');
  reader = await h.user('srchr');
  const caller = h.caller(owner);

  // "text": the word only in chapter 2's text (chapter 1 is a draft, so chapter 2 is number 1 to readers).
  const text = await story(`Harbour ${w}a`, 'Gulls and fog.');
  slugs.text = text.slug;
  await caller.chapter.create({
    storyId: text.id,
    title: 'Draft first',
    upload: md(`Draft chapter says draftchapter${w}.`),
  });
  const live = await caller.chapter.create({
    storyId: text.id,
    title: 'The lamp',
    upload: md(
      'The keeper climbs the stair.',
      `At the top the <b>old</b> lamp burns ${w}lamp bright, and the lantern${w} turns.`,
      'He writes it down.',
    ),
  });
  await caller.chapter.publish({ chapterId: live.chapterId });
  // A new revision not yet published: its words are the author's alone.
  await caller.chapter.edit({
    chapterId: live.chapterId,
    upload: md('The keeper climbs the stair.', `A draft revision adds unpublished${w}.`),
  });
  const scheduled = await caller.chapter.create({
    storyId: text.id,
    title: 'Later',
    upload: md(`Not yet: scheduled${w}.`),
  });
  await caller.chapter.schedule({
    chapterId: scheduled.chapterId,
    publishAt: new Date(Date.now() + 3_600_000),
  });

  // "title": the word in its title, which weighs more than text.
  const titled = await story(`${w}lamp keeper`, 'A story about the sea.');
  slugs.title = titled.slug;
  const t1 = await caller.chapter.create({ storyId: titled.id, title: 'One', upload: md('Nothing to see.') });
  await caller.chapter.publish({ chapterId: t1.chapterId });

  // "private": the word everywhere, never published.
  const secret = await story(`${w}lamp private`, `Private ${w}lamp summary.`, false);
  const p1 = await caller.chapter.create({
    storyId: secret.id,
    title: 'Secret',
    upload: md(`Private text privatetext${w} ${w}lamp.`),
  });
  await caller.chapter.publish({ chapterId: p1.chapterId });
});
afterAll(async () => {
  await db?.close();
});

const find = (query: string, user: SessionUser | null = null, now?: Date) =>
  h.caller(user, now ? { now: () => now } : {}).story.find({ query });

describe('search over published chapter text', () => {
  it('finds a word that appears only in a live chapter, with a snippet linking to its passage', async () => {
    const { hits, total } = await find(`lantern${w}`);
    expect(total).toBe(1);
    expect(hits.map((s) => s.slug)).toEqual([slugs.text]);
    const hit = hits[0]!;
    // Chapter 1 is a draft: readers see "The lamp" as chapter 1.
    expect(hit.passage).toMatchObject({ chapterNumber: 1, chapterTitle: 'The lamp' });
    expect(hit.passage!.key).toMatch(/\S/);
    expect(hit.snippet.filter((p) => p.mark).map((p) => p.text)).toEqual([`lantern${w}`]);
    const plain = hit.snippet.map((p) => p.text).join('');
    expect(plain).toContain('the lantern');
    // The passage's markup never reaches the snippet; its parts are plain text for the page to escape.
    expect(plain).not.toContain('<');
  });

  it('ranks a title match above a match in chapter text', async () => {
    const { hits, total } = await find(`${w}lamp`);
    expect(total).toBe(2);
    expect(hits.map((s) => s.slug)).toEqual([slugs.title, slugs.text]);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    // A title-only hit has no passage; the text hit quotes its passage.
    expect(hits[0]!.passage).toBeNull();
    expect(hits[1]!.snippet.some((p) => p.mark && p.text === `${w}lamp`)).toBe(true);
  });

  it('phrase queries match words in order; prefix queries match word beginnings', async () => {
    expect((await find(`"burns ${w}lamp bright"`)).total).toBe(1);
    expect((await find(`"bright ${w}lamp burns"`)).total).toBe(0);
    const prefix = await find(`lantern${w.slice(0, -2)}*`);
    expect(prefix.hits.map((s) => s.slug)).toEqual([slugs.text]);
    expect(prefix.hits[0]!.snippet.some((p) => p.mark && p.text === `lantern${w}`)).toBe(true);
    // A prefix together with ordinary words and an exclusion.
    expect((await find(`keeper lantern${w.slice(0, -2)}*`)).total).toBe(1);
    expect((await find(`-keeper lantern${w.slice(0, -2)}*`)).total).toBe(0);
  });

  it('never matches, counts or quotes drafts, unpublished revisions, scheduled chapters or private stories', async () => {
    for (const user of [null, reader, owner]) {
      for (const word of [`draftchapter${w}`, `unpublished${w}`, `scheduled${w}`, `privatetext${w}`]) {
        const res = await find(word, user);
        expect(res, `${word} as ${user?.username ?? 'anonymous'}`).toEqual({ hits: [], total: 0 });
      }
      // The private story's title and summary carry the word too: the count is the two public stories.
      const res = await find(`${w}lamp`, user);
      expect(res.total).toBe(2);
      expect(JSON.stringify(res)).not.toContain('rivate');
    }
    // Past the last page the count still answers, and still without the private story.
    expect(await h.caller(null).story.find({ query: `${w}lamp`, offset: 40 })).toEqual({
      hits: [],
      total: 2,
    });
  });

  it('a scheduled chapter is found once its time has come', async () => {
    const later = new Date(Date.now() + 2 * 3_600_000);
    const res = await find(`scheduled${w}`, null, later);
    expect(res.hits.map((s) => s.slug)).toEqual([slugs.text]);
    expect(res.hits[0]!.passage).toMatchObject({ chapterNumber: 2, chapterTitle: 'Later' });
  });

  it('filters apply before ranking and counting', async () => {
    const anyone = h.caller(null);
    const text = await db.prisma.story.findUniqueOrThrow({
      where: { slug: slugs.text },
      select: { id: true },
    });
    await h.caller(owner).story.setTags({ storyId: text.id, freeform: [`Tide ${w}`] });
    // Both public stories carry the word (one in its title, one in its text); one carries the tag.
    expect((await anyone.story.find({ query: `${w}lamp` })).total).toBe(2);
    const tagged = await anyone.story.find({
      query: `${w}lamp`,
      tag: { kind: 'freeform', name: `tide ${w}` },
    });
    expect(tagged).toMatchObject({ total: 1, hits: [{ slug: slugs.text }] });
    expect(await anyone.story.find({ query: `${w}lamp`, character: `Nobody${w}` })).toEqual({
      hits: [],
      total: 0,
    });
    // Both are Not Rated.
    expect((await anyone.story.find({ query: `${w}lamp`, ratings: ['general', 'not_rated'] })).total).toBe(2);
    expect(await anyone.story.find({ query: `${w}lamp`, ratings: ['explicit'] })).toEqual({
      hits: [],
      total: 0,
    });
  });

  it('publishing the new revision replaces the searchable text in the same write', async () => {
    const story = await db.prisma.story.findUniqueOrThrow({
      where: { slug: slugs.text },
      select: { chapters: { where: { title: 'The lamp' }, select: { id: true } } },
    });
    const chapterId = story.chapters[0]!.id;
    await h.caller(owner).chapter.publish({ chapterId });
    expect((await find(`unpublished${w}`)).total).toBe(1);
    expect((await find(`lantern${w}`)).total).toBe(0);
    await h.caller(owner).chapter.unpublish({ chapterId });
    expect((await find(`unpublished${w}`)).total).toBe(0);
  });

  it('the chapter documents are what a rebuild from the tables gives', async () => {
    const stale = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Chapter" WHERE "searchDocument" IS DISTINCT FROM chapter_search_document(title, "publishedRevisionId")`;
    expect(stale[0]!.n).toBe(0);
  });

  it('the GIN index can answer the chapter match', async () => {
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
        EXPLAIN SELECT c.id FROM "Chapter" c, websearch_to_tsquery('english', 'ledger') AS q(query) WHERE c."searchDocument" @@ q.query`;
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Chapter_searchDocument_idx');
  });
});

describe('parseSearchQuery', () => {
  it('takes words ending in * out as prefixes, outside quotes only, letters and digits only', () => {
    expect(parseSearchQuery('light* "the old* lamp" fog')).toEqual({
      web: '"the old* lamp" fog',
      prefixes: ['light'],
    });
    expect(parseSearchQuery(`a:*|b* c'* d*`)).toEqual({ web: `a:*|b* c'*`, prefixes: ['d'] });
    expect(parseSearchQuery('-fog sea*').prefixes).toEqual(['sea']);
  });
});
