// What a story is: rating, archive warnings, completion and chapter plan, language — validated by
// the API and by the table alike — and a word count readers can check against what they can read.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  formatChapterProgress,
  isAdultRating,
  languageName,
  warningsProblem,
} from '../src/story-meta';
import { directives, harness, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const upload = (mark: string, lexie: string) => ({
  source: directives([mark], [lexie]),
  format: 'markdown' as const,
});

async function newStory(extra: Record<string, unknown> = {}) {
  const owner = await h.user('meta');
  const caller = h.caller(owner);
  const { id: storyId, slug } = await caller.story.create({ title: 'Tides', ...extra });
  await caller.story.addCharacter({ storyId, name: 'Mark', color: '#1f6feb' });
  await caller.story.addCharacter({ storyId, name: 'Lexie', color: '#b35900' });
  return { owner, caller, storyId, slug };
}

describe('story metadata', () => {
  it('defaults to Not Rated, "Creator Chose Not To Use Archive Warnings", in progress, English', async () => {
    const { caller, slug } = await newStory();
    const story = await caller.story.bySlug({ slug });
    expect(story).toMatchObject({
      rating: 'not_rated',
      warnings: ['creator_chose_not_to_use'],
      completion: 'in_progress',
      expectedChapters: null,
      language: 'en',
      chapterProgress: '0/?',
    });
  });

  it('is set on create and on update, canonicalised, and shown on every list of stories', async () => {
    const { caller, storyId, slug } = await newStory({
      rating: 'mature',
      warnings: ['major_character_death', 'creator_chose_not_to_use'],
      expectedChapters: 5,
      language: 'pt-br',
    });
    let story = await caller.story.bySlug({ slug });
    // Warnings come back in the archives' order; the language tag in its canonical form.
    expect(story).toMatchObject({
      rating: 'mature',
      warnings: ['creator_chose_not_to_use', 'major_character_death'],
      expectedChapters: 5,
      language: 'pt-BR',
    });

    await caller.story.update({
      storyId,
      rating: 'explicit',
      warnings: ['no_warnings_apply'],
      completion: 'complete',
      expectedChapters: null,
      language: 'fr',
    });
    story = await caller.story.bySlug({ slug });
    expect(story).toMatchObject({
      rating: 'explicit',
      warnings: ['no_warnings_apply'],
      completion: 'complete',
      expectedChapters: null,
      language: 'fr',
    });

    await caller.story.publish({ storyId });
    const { stories } = await h.caller(null).story.browse({ limit: 50 });
    expect(stories.find((s) => s.id === storyId)).toMatchObject({
      rating: 'explicit',
      warnings: ['no_warnings_apply'],
      completion: 'complete',
      language: 'fr',
      chapterProgress: '0/0',
    });
    const mine = await caller.story.mine();
    expect(mine.find((s) => s.id === storyId)).toMatchObject({ rating: 'explicit', language: 'fr' });
  });

  it('refuses what the archives would not take, naming the field', async () => {
    const { caller, storyId } = await newStory();
    const bad: [Record<string, unknown>, string][] = [
      [{ rating: 'adult' }, 'rating'],
      [{ warnings: [] }, 'warnings'],
      [{ warnings: ['no_warnings_apply', 'graphic_violence'] }, 'warnings'],
      [{ warnings: ['underage', 'underage'] }, 'warnings'],
      [{ warnings: ['spoilers'] }, 'warnings'],
      [{ completion: 'abandoned' }, 'completion'],
      [{ expectedChapters: 0 }, 'expectedChapters'],
      [{ expectedChapters: 2.5 }, 'expectedChapters'],
      [{ language: 'English' }, 'language'],
      [{ language: '' }, 'language'],
      [{ language: 'x-private' }, 'language'],
      [{ language: 'en--US' }, 'language'],
    ];
    for (const [input, field] of bad) {
      const error = await trpcError(caller.story.update({ storyId, ...input }));
      expect(error.code, JSON.stringify(input)).toBe('BAD_REQUEST');
      expect(JSON.stringify(error.cause ?? error.message), JSON.stringify(input)).toContain(field);
    }
    const story = await db.prisma.story.findUniqueOrThrow({ where: { id: storyId } });
    expect(story).toMatchObject({
      rating: 'not_rated',
      warnings: ['creator_chose_not_to_use'],
      language: 'en',
    });
  });

  it('pure helpers: chapter progress, adult ratings, warnings, language tags', () => {
    expect(formatChapterProgress(2, 'in_progress', null)).toBe('2/?');
    expect(formatChapterProgress(2, 'in_progress', 5)).toBe('2/5');
    expect(formatChapterProgress(3, 'in_progress', 3)).toBe('3/3');
    // A plan smaller than what is out reads as unknown; a complete story has everything out.
    expect(formatChapterProgress(4, 'in_progress', 3)).toBe('4/?');
    expect(formatChapterProgress(3, 'complete', 10)).toBe('3/3');
    expect(
      ['general', 'teen', 'mature', 'explicit', 'not_rated'].filter((r) => isAdultRating(r as never)),
    ).toEqual(['mature', 'explicit']);
    expect(warningsProblem(['creator_chose_not_to_use', 'major_character_death'])).toBeNull();
    expect(warningsProblem([])).not.toBeNull();
    expect(canonicalLanguage('EN-gb')).toBe('en-GB');
    expect(canonicalLanguage('zh-hant')).toBe('zh-Hant');
    expect(canonicalLanguage('english')).toBeNull();
    expect(languageName('de')).toBe('Deutsch');
    expect(languageName('gsw')).toBe('Swiss German');
  });
});

describe('word count', () => {
  it('counts the published text readers can open: never a draft chapter, a draft revision or a chapter not yet due', async () => {
    const { caller, storyId, slug } = await newStory({ expectedChapters: 4 });
    const one = await caller.chapter.create({
      storyId,
      title: 'One',
      upload: upload('Mark counts three words.', 'Lexie counts four more words.'),
    });
    await caller.chapter.publish({ chapterId: one.chapterId });
    const published = (
      await db.prisma.chapterRevision.findFirstOrThrow({ where: { chapterId: one.chapterId } })
    ).wordCount;
    expect(published).toBe(9);
    // A draft revision of the published chapter, a draft chapter, and a chapter scheduled for tomorrow.
    await caller.chapter.edit({
      chapterId: one.chapterId,
      upload: upload('Mark counts three words and then many many more.', 'Lexie counts four more words.'),
    });
    await caller.chapter.create({
      storyId,
      title: 'Draft',
      upload: upload('Draft words here.', 'More draft words.'),
    });
    const later = await caller.chapter.create({
      storyId,
      title: 'Later',
      upload: upload('Mark waits.', 'Lexie waits too.'),
    });
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    await caller.chapter.schedule({ chapterId: later.chapterId, publishAt: tomorrow });
    await caller.story.publish({ storyId });

    const reader = h.caller(await h.user('r'));
    const story = await reader.story.bySlug({ slug });
    expect(story).toMatchObject({ wordCount: 9, chapterCount: 1, chapterProgress: '1/4' });
    // The owner's view of the story counts what readers can read, too.
    expect((await caller.story.bySlug({ slug })).wordCount).toBe(9);
    // The same as the words of the whole work readers can open.
    const work = await reader.reading.work({ slug });
    expect(work.wordCount).toBe(9);
    expect(
      work.chapters.reduce(
        (n, c) => n + c.segments.reduce((m, s) => m + s.passages.reduce((k, p) => k + p.wordCount, 0), 0),
        0,
      ),
    ).toBe(9);

    // Once the scheduled chapter is due, it counts (no write needed).
    const dayAfter = h.caller(null, { now: () => new Date(tomorrow.getTime() + 3600_000) });
    expect(await dayAfter.story.bySlug({ slug })).toMatchObject({
      wordCount: 9 + 5,
      chapterCount: 2,
      chapterProgress: '2/4',
    });
  });
});
