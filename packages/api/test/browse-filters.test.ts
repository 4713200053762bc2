// Browse filters, excludes, sorts and the counts beside each option (story.browse), and what they
// never see: a private story or a draft chapter is never listed, never counted, never weighed.
// Every story here carries one fandom no other test uses, and every call includes it, so counts
// are exact on a shared database. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import { type Database, newId } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import type { SessionUser } from '@margins/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowseInput } from '../src/routers/browse-input';
import { harness, type Harness } from './helpers';

let db: Database;
let h: Harness;
let owner: SessionUser;
const w = `b${uniqueSuffix()
  .replace(/[^a-z0-9]/gi, '')
  .toLowerCase()}`;
const FANDOM = `Fandom ${w}`;
const SECRET = `Secret ${w}`;
const ids: Record<'a' | 'b' | 'c' | 'p', string> = { a: '', b: '', c: '', p: '' };
const chapters: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const words = (n: number, extra = '') => ({
  source: `${'word '.repeat(n).trim()}${extra}\n`,
  format: 'markdown' as const,
});
const day = (d: number) => new Date(Date.UTC(2026, 0, d, 12));

async function make(
  key: 'a' | 'b' | 'c' | 'p',
  o: {
    rating: 'general' | 'teen' | 'mature' | 'explicit';
    warnings: string[];
    completion: 'in_progress' | 'complete';
    language: string;
    freeform: string[];
    povs: string[];
    words: number;
    publishedOn: number;
  },
) {
  const at = h.caller(owner, { now: () => day(o.publishedOn) });
  const s = await at.story.create({ title: `${key.toUpperCase()} story ${w}`, summary: `About ${key}.` });
  ids[key] = s.id;
  await at.story.update({
    storyId: s.id,
    rating: o.rating,
    warnings: o.warnings as never,
    completion: o.completion,
    language: o.language,
  });
  await at.story.setTags({ storyId: s.id, fandom: [FANDOM], freeform: o.freeform });
  for (const name of o.povs) await at.story.addCharacter({ storyId: s.id, name, color: '#1f6feb' });
  const ch = await at.chapter.create({
    storyId: s.id,
    title: 'One',
    upload: words(o.words, ` ${key}text${w}`),
  });
  await at.chapter.publish({ chapterId: ch.chapterId });
  if (key !== 'p') {
    chapters[key] = ch.chapterId;
    await at.story.publish({ storyId: s.id });
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  owner = await h.user('brws');
  await make('a', {
    rating: 'teen',
    warnings: ['no_warnings_apply'],
    completion: 'complete',
    language: 'en',
    freeform: ['Fluff'],
    povs: ['Mark'],
    words: 300,
    publishedOn: 1,
  });
  await make('b', {
    rating: 'mature',
    warnings: ['graphic_violence', 'major_character_death'],
    completion: 'in_progress',
    language: 'fr',
    freeform: ['Angst', 'Fluff'],
    povs: ['Mark', 'Lexie'],
    words: 1000,
    publishedOn: 2,
  });
  await make('c', {
    rating: 'general',
    warnings: ['creator_chose_not_to_use'],
    completion: 'in_progress',
    language: 'en',
    freeform: ['Angst'],
    povs: ['Lexie'],
    words: 50,
    publishedOn: 3,
  });
  // Private: every facet value of its own (Explicit, Underage, de, a tag, a POV), never to be counted.
  await make('p', {
    rating: 'explicit',
    warnings: ['underage'],
    completion: 'complete',
    language: 'de',
    freeform: ['Angst', SECRET],
    povs: ['Ghost'],
    words: 9000,
    publishedOn: 4,
  });
  // B's draft chapter: 5,000 words readers cannot read, which neither its word count nor "updated" may see.
  const at5 = h.caller(owner, { now: () => day(5) });
  await at5.chapter.create({ storyId: ids.b, title: 'Draft', upload: words(5000, ` drafttext${w}`) });
  // A's second chapter, published on day 6: A was updated last.
  const a2 = await h
    .caller(owner, { now: () => day(6) })
    .chapter.create({ storyId: ids.a, title: 'Two', upload: words(10) });
  await h.caller(owner, { now: () => day(6) }).chapter.publish({ chapterId: a2.chapterId });
});
afterAll(async () => {
  await db?.close();
});

const browse = (
  input: Omit<BrowseInput, 'include'> & { include?: NonNullable<BrowseInput['include']> } = {},
) =>
  h.caller(null, { now: () => day(10) }).story.browse({
    facets: true,
    ...input,
    include: { ...input.include, tags: [{ kind: 'fandom', name: FANDOM }, ...(input.include?.tags ?? [])] },
  });
const titles = (r: { stories: { id: string }[] }) =>
  r.stories.map((s) => Object.entries(ids).find(([, id]) => id === s.id)?.[0]);
const counts = (list: { key: string; n: number }[]) => Object.fromEntries(list.map((x) => [x.key, x.n]));

describe('browse filters and counts', () => {
  it('counts each option over the public stories only', async () => {
    const r = await browse({ sort: 'published' });
    expect(titles(r)).toEqual(['c', 'b', 'a']);
    expect(r.total).toBe(3);
    const f = r.facets!;
    expect(counts(f.ratings)).toEqual({ general: 1, teen: 1, mature: 1 });
    expect(counts(f.warnings)).toEqual({
      no_warnings_apply: 1,
      graphic_violence: 1,
      major_character_death: 1,
      creator_chose_not_to_use: 1,
    });
    expect(counts(f.completion)).toEqual({ complete: 1, in_progress: 2 });
    expect(counts(f.languages)).toEqual({ en: 2, fr: 1 });
    expect(counts(f.tags.freeform)).toEqual({ Angst: 2, Fluff: 2 });
    expect(counts(f.tags.fandom)).toEqual({ [FANDOM]: 3 });
    expect(counts(f.povs)).toEqual({ Mark: 2, Lexie: 2 });
  });

  it('includes and excludes tags, POV characters, ratings and warnings, with counts over what is left', async () => {
    const r = await browse({
      include: { tags: [{ kind: 'freeform', name: 'angst' }] },
      exclude: { tags: [{ kind: 'freeform', name: 'Fluff' }] },
    });
    expect(titles(r)).toEqual(['c']);
    expect(counts(r.facets!.tags.freeform)).toEqual({ Angst: 1, Fluff: 0 });
    expect(counts(r.facets!.ratings)).toEqual({ general: 1 });

    expect(
      titles(await browse({ include: { povs: ['mark'] }, exclude: { warnings: ['graphic_violence'] } })),
    ).toEqual(['a']);
    expect(titles(await browse({ exclude: { povs: ['Lexie'] } }))).toEqual(['a']);
    expect(titles(await browse({ include: { ratings: ['teen', 'general'] }, sort: 'published' }))).toEqual([
      'c',
      'a',
    ]);
    expect(titles(await browse({ exclude: { ratings: ['mature'] }, sort: 'published' }))).toEqual(['c', 'a']);
    // Warnings included: all of them.
    expect(
      titles(await browse({ include: { warnings: ['graphic_violence', 'major_character_death'] } })),
    ).toEqual(['b']);
    expect(
      titles(await browse({ include: { warnings: ['graphic_violence', 'no_warnings_apply'] } })),
    ).toEqual([]);
    // A tag without a kind matches the name in any kind.
    expect(titles(await browse({ include: { tags: [{ name: 'FLUFF' }] }, sort: 'published' }))).toEqual([
      'b',
      'a',
    ]);
  });

  it('filters by status, language, words of live chapters and last update', async () => {
    expect(titles(await browse({ completion: 'complete' }))).toEqual(['a']);
    expect(titles(await browse({ language: 'fr' }))).toEqual(['b']);
    // B has 1,001 words readers can read and a 5,001-word draft.
    expect(titles(await browse({ words: { min: 200 }, sort: 'published' }))).toEqual(['b', 'a']);
    expect(titles(await browse({ words: { min: 2000 } }))).toEqual([]);
    expect(titles(await browse({ words: { max: 1100 }, sort: 'published' }))).toEqual(['c', 'b', 'a']);
    expect(titles(await browse({ words: { min: 60, max: 500 } }))).toEqual(['a']);
    // Updated: A's second chapter on day 6; B's draft of day 5 moves nothing.
    expect(titles(await browse({ updatedSince: day(5) }))).toEqual(['a']);
    expect(titles(await browse({ updatedSince: day(3), sort: 'updated' }))).toEqual(['a', 'c']);
  });

  it('sorts by updated, words, reads, bookmarks and subscribers', async () => {
    expect(titles(await browse({ sort: 'updated' }))).toEqual(['a', 'c', 'b']);
    expect(titles(await browse({ sort: 'words' }))).toEqual(['b', 'a', 'c']);

    const readers = await Promise.all([1, 2, 3].map(() => h.user('brwsr')));
    const reads = { a: 7, b: 2, c: 40 };
    for (const key of ['a', 'b', 'c'] as const) {
      await db.prisma.chapterStat.upsert({
        where: { chapterId: chapters[key] },
        create: { chapterId: chapters[key], storyId: ids[key], reads: reads[key] },
        update: { reads: reads[key] },
      });
    }
    expect(titles(await browse({ sort: 'reads' }))).toEqual(['c', 'a', 'b']);

    for (const [key, n] of [
      ['b', 3],
      ['c', 1],
    ] as const) {
      for (const reader of readers.slice(0, n))
        await db.prisma.bookmark.create({ data: { id: newId(), userId: reader.id, storyId: ids[key] } });
    }
    expect(titles(await browse({ sort: 'bookmarks' }))).toEqual(['b', 'c', 'a']);

    for (const [key, n] of [
      ['a', 2],
      ['c', 3],
    ] as const) {
      for (const reader of readers.slice(0, n))
        await db.prisma.subscription.create({ data: { id: newId(), userId: reader.id, storyId: ids[key] } });
    }
    // An ended subscription is not a subscriber.
    await db.prisma.subscription.create({
      data: { id: newId(), userId: readers[0]!.id, storyId: ids.b, endedAt: day(9) },
    });
    expect(titles(await browse({ sort: 'subscribers' }))).toEqual(['c', 'a', 'b']);
  });

  it(`sorts by yay share only with enough verdicts to mean something`, async () => {
    // A: 5 yays of 6; B: 9 of 10; C: 1 of 1 (a perfect share from one verdict, below the threshold).
    const give = async (key: 'a' | 'b' | 'c', yays: number, nays: number) => {
      for (let i = 0; i < yays + nays; i++) {
        await db.prisma.guestVerdict.create({
          data: {
            id: newId(),
            chapterId: chapters[key],
            browserKey: `${key}-${i}-${w}`,
            verdict: i < yays ? 'yay' : 'nay',
          },
        });
      }
    };
    await give('a', 5, 1);
    await give('b', 9, 1);
    await give('c', 1, 0);
    expect(titles(await browse({ sort: 'verdicts' }))).toEqual(['b', 'a', 'c']);
  });

  it('pages with a bounded size and reports the next offset', async () => {
    const first = await browse({ sort: 'published', limit: 2 });
    expect(titles(first)).toEqual(['c', 'b']);
    expect(first.nextOffset).toBe(2);
    const second = await browse({ sort: 'published', limit: 2, offset: 2 });
    expect(titles(second)).toEqual(['a']);
    expect(second.nextOffset).toBeNull();
    expect(second.total).toBe(3);
    await expect(browse({ limit: 51 })).rejects.toThrow();
    await expect(
      browse({ include: { povs: Array.from({ length: 11 }, (_, i) => `P${i}`) } }),
    ).rejects.toThrow();
  });
});

describe('browse never counts what a reader may not read', () => {
  it('a private story is never listed or counted, however it is asked for', async () => {
    const r = await browse({ include: { tags: [{ kind: 'freeform', name: SECRET }] } });
    expect(r.stories).toEqual([]);
    expect(r.total).toBe(0);
    const all = await browse({});
    expect(all.facets!.ratings.map((x) => x.key)).not.toContain('explicit');
    expect(all.facets!.warnings.map((x) => x.key)).not.toContain('underage');
    expect(all.facets!.languages.map((x) => x.key)).not.toContain('de');
    expect(all.facets!.povs.map((x) => x.key)).not.toContain('Ghost');
    expect(all.facets!.tags.freeform.map((x) => x.key)).not.toContain(SECRET);
    expect(counts(all.facets!.tags.freeform).Angst).toBe(2);
    // Its owner, signed in, does not see it in browse either: browse lists public stories.
    const mine = await h
      .caller(owner)
      .story.browse({ facets: true, include: { tags: [{ kind: 'freeform', name: SECRET }] } });
    expect(mine.total).toBe(0);
    expect(mine.stories).toEqual([]);
  });

  it('search words found only in a private story or a draft chapter match and count nothing', async () => {
    for (const word of [`ptext${w}`, `drafttext${w}`]) {
      const r = await browse({ query: word });
      expect(r.stories).toEqual([]);
      expect(r.total).toBe(0);
      expect(r.facets!.ratings).toEqual([]);
      expect(r.facets!.tags.freeform).toEqual([]);
    }
    const found = await browse({ query: `btext${w}` });
    expect(titles(found)).toEqual(['b']);
    expect(found.total).toBe(1);
    expect(counts(found.facets!.ratings)).toEqual({ mature: 1 });
    expect(found.stories[0]!.snippet?.some((p) => p.mark)).toBe(true);
    // Under a filter that leaves it out, a match is neither listed nor counted.
    const excluded = await browse({ query: `btext${w}`, exclude: { ratings: ['mature'] } });
    expect(excluded.total).toBe(0);
    expect(excluded.stories).toEqual([]);
    // Sorted by something other than relevance, the same words find the same story.
    expect(titles(await browse({ query: `btext${w}`, sort: 'words' }))).toEqual(['b']);
  });
});
