// The whole work on one page and one POV character followed across every chapter — in the
// reader's view and in the "<Name>'s story only" EPUB. Only published revisions of live chapters:
// draft words must never appear, for readers or members.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, trpcError, type Harness } from './helpers';
import type { SessionUser } from '@margins/auth';

let db: Database;
let h: Harness;
let owner: SessionUser;
let reader: SessionUser;
let storyId: string;
let slug: string;
const ids: Record<string, string> = {};

const text = (parts: [string, string][]) => ({
  source: parts.map(([pov, words]) => `::: pov ${pov}\n${words}\n:::\n`).join('\n'),
  format: 'markdown' as const,
});

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  owner = await h.user('work');
  reader = await h.user('reader');
  const caller = h.caller(owner);
  ({ id: storyId, slug } = await caller.story.create({ title: 'The Ledger', rating: 'teen' }));
  await caller.story.addCharacter({ storyId, name: 'Mark', color: '#1f6feb', aliases: ['Marcus'] });
  await caller.story.addCharacter({ storyId, name: 'Lexie', color: '#b35900' });
  // 1: Mark, Lexie, Mark (published, then a draft revision with DRAFTWORD);
  // 2: a draft chapter (DRAFTCHAPTER) between them; 3: Lexie only; 4: Mark then Lexie.
  const one = await caller.chapter.create({
    storyId,
    title: 'Tide',
    upload: text([
      ['Mark', 'Mark opens the ledger.'],
      ['Lexie', 'Lexie reads the tide.'],
      ['Mark', 'Mark closes the ledger.'],
    ]),
  });
  await caller.chapter.publish({ chapterId: one.chapterId });
  await caller.chapter.edit({
    chapterId: one.chapterId,
    upload: text([
      ['Mark', 'Mark opens the ledger DRAFTWORD.'],
      ['Lexie', 'Lexie reads the tide.'],
    ]),
  });
  const two = await caller.chapter.create({
    storyId,
    title: 'Unfinished',
    upload: text([['Mark', 'Mark DRAFTCHAPTER waits.']]),
  });
  const three = await caller.chapter.create({
    storyId,
    title: 'Storm',
    upload: text([['Lexie', 'Lexie rows out alone.']]),
  });
  await caller.chapter.publish({ chapterId: three.chapterId });
  const four = await caller.chapter.create({
    storyId,
    title: 'Harbour',
    upload: text([
      ['Mark', 'Mark lights the lamp.'],
      ['Lexie', 'Lexie sees it.'],
    ]),
  });
  await caller.chapter.publish({ chapterId: four.chapterId });
  await caller.story.publish({ storyId });
  Object.assign(ids, {
    one: one.chapterId,
    two: two.chapterId,
    three: three.chapterId,
    four: four.chapterId,
  });
  await h.caller(reader).review.upsert({ chapterId: one.chapterId, verdict: 'yay', body: 'Lovely tide.' });
  await h
    .caller(await h.user('r2'))
    .review.upsert({ chapterId: one.chapterId, verdict: 'nay', body: 'Too slow.' });
});
afterAll(async () => {
  await db?.close();
});

const passageTexts = (work: Awaited<ReturnType<ReturnType<Harness['caller']>['reading']['work']>>) =>
  work.chapters.flatMap((c) => c.segments.flatMap((s) => s.passages.map((p) => p.text)));

describe('the whole work', () => {
  it('has every published chapter in order, with its POV labels, its published text and its reviews', async () => {
    const work = await h.caller(null).reading.work({ slug });
    expect(work.chapters.map((c) => [c.number, c.title])).toEqual([
      [1, 'Tide'],
      [2, 'Storm'],
      [3, 'Harbour'],
    ]);
    expect(work.chapters[0]!.segments.map((s) => s.pov?.name)).toEqual(['Mark', 'Lexie', 'Mark']);
    expect(passageTexts(work)).toEqual([
      'Mark opens the ledger.',
      'Lexie reads the tide.',
      'Mark closes the ledger.',
      'Lexie rows out alone.',
      'Mark lights the lamp.',
      'Lexie sees it.',
    ]);
    expect(work.chapters[0]!.reviews).toMatchObject({ count: 2, yay: 1, nay: 1 });
    expect(work.chapters[0]!.reviews.latest.map((r) => r.body).sort()).toEqual(['Lovely tide.', 'Too slow.']);
    expect(work.chapters[1]!.reviews).toEqual({ count: 0, yay: 0, nay: 0, latest: [] });
    expect(work.story.rating).toBe('teen');
  });

  it('never shows draft words, to readers or to the story’s own members', async () => {
    for (const who of [null, reader, owner]) {
      const work = await h.caller(who).reading.work({ slug });
      const all = JSON.stringify(work.chapters);
      expect(all).not.toContain('DRAFTWORD');
      expect(all).not.toContain('DRAFTCHAPTER');
      expect(work.chapters.map((c) => c.title)).toEqual(['Tide', 'Storm', 'Harbour']);
    }
  });

  it('numbers chapters as the caller’s chapter links do (members count drafts)', async () => {
    const work = await h.caller(owner).reading.work({ slug });
    expect(work.chapters.map((c) => c.number)).toEqual([1, 3, 4]);
  });

  it('follows one POV character across every chapter, by name or alias, with where each section is from', async () => {
    const work = await h.caller(null).reading.work({ slug, povOnly: 'marcus' });
    expect(work.povOnly).toEqual({ name: 'Mark', color: '#1f6feb' });
    const sections = work.chapters.flatMap((c) =>
      c.segments.map((s) => ({
        chapter: c.number,
        title: c.title,
        position: s.position,
        pov: s.pov?.name,
        text: s.passages.map((p) => p.text).join(' '),
      })),
    );
    expect(sections).toEqual([
      { chapter: 1, title: 'Tide', position: 0, pov: 'Mark', text: 'Mark opens the ledger.' },
      { chapter: 1, title: 'Tide', position: 2, pov: 'Mark', text: 'Mark closes the ledger.' },
      { chapter: 3, title: 'Harbour', position: 0, pov: 'Mark', text: 'Mark lights the lamp.' },
    ]);
    expect(work.wordCount).toBe(4 + 4 + 4);
    expect(JSON.stringify(work)).not.toContain('DRAFT');
  });

  it('refuses an unknown character, and does not exist for a private story', async () => {
    expect((await trpcError(h.caller(null).reading.work({ slug, povOnly: 'Nobody' }))).code).toBe(
      'BAD_REQUEST',
    );
    const { id, slug: privateSlug } = await h.caller(owner).story.create({ title: 'Secret' });
    await h.caller(owner).chapter.create({
      storyId: id,
      title: 'Hidden',
      upload: { source: 'Hidden words.\n', format: 'markdown' },
    });
    expect((await trpcError(h.caller(null).reading.work({ slug: privateSlug }))).code).toBe('NOT_FOUND');
    expect((await trpcError(h.caller(reader).reading.work({ slug: privateSlug }))).code).toBe('NOT_FOUND');
    // Its owner sees the page, with no chapters: none is published.
    expect((await h.caller(owner).reading.work({ slug: privateSlug })).chapters).toEqual([]);
  });
});

describe('"<Name>\'s story only" EPUB', () => {
  const files = async (who: SessionUser | null, pov?: string) => {
    const { base64, filename, chapters } = await h.caller(who).export.epub({ slug, ...(pov ? { pov } : {}) });
    const zip = unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));
    const text = Object.fromEntries(Object.entries(zip).map(([k, v]) => [k, strFromU8(v)]));
    return { text, filename, chapters };
  };

  it('holds every Mark section of every published chapter, with the chapter each is from, and no draft', async () => {
    for (const who of [null, owner]) {
      const { text, filename, chapters } = await files(who, 'Mark');
      expect(filename).toBe(`${slug}-mark.epub`);
      expect(chapters).toBe(2);
      const all = Object.values(text).join('\n');
      expect(all).not.toContain('DRAFT');
      expect(all).not.toContain('Lexie reads the tide');
      expect(all).toContain('Mark opens the ledger.');
      expect(all).toContain('Mark closes the ledger.');
      expect(all).toContain('Mark lights the lamp.');
      expect(text['OEBPS/content.opf']).toContain('<dc:title>The Ledger: Mark’s story</dc:title>');
      // Chapters keep their numbers (Storm, chapter 2, has no Mark section).
      expect(text['OEBPS/nav.xhtml']).toContain('Chapter 1: Tide');
      expect(text['OEBPS/nav.xhtml']).toContain('Chapter 3: Harbour');
      expect(text['OEBPS/nav.xhtml']).not.toContain('Storm');
    }
  });

  it('leaves the whole-story EPUB as it was: members still get their drafts there', async () => {
    const own = Object.values((await files(owner)).text).join('\n');
    expect(own).toContain('DRAFTWORD');
    const anonymous = Object.values((await files(null)).text).join('\n');
    expect(anonymous).not.toContain('DRAFT');
    expect(anonymous).toContain('Lexie reads the tide.');
  });

  it('refuses an unknown character', async () => {
    expect((await trpcError(h.caller(null).export.epub({ slug, pov: 'Nobody' }))).code).toBe('BAD_REQUEST');
  });
});
