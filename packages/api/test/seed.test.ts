import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, testDatabaseUrl } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/demo';
import { READER_COMMENTS, READER_REVIEWS, READERS, READS } from '../src/seed/readers';
import { CHAPTERS, COMMENTS, REVIEWS, STORY } from '../src/seed/story';
import { chapterDetail } from '../src/services/dashboard/chapter-detail';
import { feedbackInbox } from '../src/services/dashboard/feedback-inbox';
import { storyOverview } from '../src/services/dashboard/story-overview';
import { defaultRange, timeSeries } from '../src/services/dashboard/time-series';
import { harness, type Harness } from './helpers';

// The demo uses fixed usernames, so on the shared PostgreSQL it may already be there (from
// another run); on a fresh PGlite it never is. Either way a second call must do nothing.
let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('seedDemo', () => {
  it('creates the demo once, readable by anyone, and is idempotent', async () => {
    const auth = createAuth(db);
    const first = await seedDemo(db, { auth });
    if (!testDatabaseUrl()) expect(first.created).toBe(true);
    expect(await seedDemo(db, { auth })).toEqual({ created: false });
    const stories = await db.prisma.story.findMany({
      where: { members: { some: { user: { username: 'demo' }, role: 'owner' } } },
      select: { slug: true, title: true },
    });
    expect(stories.map((s) => s.title)).toEqual([STORY.title]);
    if (!testDatabaseUrl()) expect(stories[0]!.slug).toBe('the-lighthouse-ledger');

    const anonymous = h.caller(null);
    const toc = await anonymous.reading.toc({ slug: stories[0]!.slug });
    expect(toc.chapters.map((c) => c.title)).toEqual(CHAPTERS.map((c) => c.title));
    expect(toc.story.povCharacters.map((c) => [c.name, c.color])).toEqual([
      ['Mark', '#1f6feb'],
      ['Lexie', '#b35900'],
    ]);
    for (const c of toc.chapters) {
      expect(c.wordCount).toBeGreaterThanOrEqual(300);
      expect(c.wordCount).toBeLessThanOrEqual(600);
      expect(c.povs).toEqual(['Mark', 'Lexie']);
    }
    // `reader`'s comments and reviews are as they always were (the browser tests count them).
    const byReader = { author: { username: 'reader' } };
    expect(
      await db.prisma.inlineComment.count({ where: { ...byReader, chapterId: toc.chapters[0]!.id } }),
    ).toBe(COMMENTS.filter((c) => c.chapter === 0).length);
    expect(await db.prisma.review.count({ where: { ...byReader, chapter: { storyId: toc.story.id } } })).toBe(
      REVIEWS.length,
    );
    // Nobody else comments on or reviews chapter 3.
    const third = { chapterId: toc.chapters[2]!.id, author: { username: { not: 'reader' } } };
    expect(await db.prisma.inlineComment.count({ where: third })).toBe(0);
    expect(await db.prisma.review.count({ where: third })).toBe(0);
    if (!testDatabaseUrl()) {
      const first_ = await anonymous.reading.chapter({ chapterId: toc.chapters[0]!.id });
      const counted = Object.values(first_.commentCounts).reduce((a, b) => a + b, 0);
      expect(counted).toBe([...COMMENTS, ...READER_COMMENTS].filter((c) => c.chapter === 0).length);
      expect(await db.prisma.review.count({ where: { chapter: { storyId: toc.story.id } } })).toBe(
        REVIEWS.length + READER_REVIEWS.length,
      );
    }

    for (const login of ['demo', 'reader', ...(testDatabaseUrl() ? [] : READERS.map((r) => r.username))]) {
      expect(
        (await auth.logIn({ login, password: 'margins-demo-2026', ip: `seed-test-${login}` })).user.username,
      ).toBe(login);
    }
  });

  it('gives the demo author a dashboard with reads, retention, verdicts and comments of every type', async () => {
    const auth = createAuth(db);
    const now = new Date();
    await seedDemo(db, { auth });
    const demo = await db.prisma.user.findUniqueOrThrow({
      where: { username: 'demo' },
      select: { id: true },
    });
    const story = await db.prisma.story.findFirstOrThrow({
      where: { members: { some: { userId: demo.id, role: 'owner' } } },
      select: { id: true },
    });
    const overview = await storyOverview({ db, userId: demo.id, storyId: story.id });
    const [one, two, three] = overview.chapters;
    // True whichever version of the demo is there: `reader`'s reviews of all three chapters.
    expect(overview.chapters.map((c) => c.title)).toEqual(CHAPTERS.map((c) => c.title));
    expect(overview.totals.reviews).toBeGreaterThanOrEqual(REVIEWS.length);
    expect(overview.totals.nays).toBeGreaterThanOrEqual(1);
    if (testDatabaseUrl()) return; // the shared database's demo may predate the other readers

    // Reads thin out from chapter to chapter, and the readers who went on are counted.
    const readersOf = (chapter: number) =>
      new Set(READS.filter((r) => r.chapter === chapter).map((r) => r.username));
    for (const [i, c] of [one!, two!, three!].entries()) {
      expect(c.figures.reads).toBe(READS.filter((r) => r.chapter === i).length);
      expect(c.figures.readers).toBe(readersOf(i).size);
    }
    expect(one!.figures.readers).toBeGreaterThan(two!.figures.readers);
    expect(two!.figures.readers).toBeGreaterThan(three!.figures.readers);
    expect(one!.figures.reads).toBeGreaterThan(one!.figures.readers); // a re-read a few days later
    const wentOn = (i: number) => [...readersOf(i)].filter((u) => readersOf(i + 1).has(u)).length;
    expect(one!.retention).toMatchObject({ nextChapterId: two!.id, retained: wentOn(0) });
    expect(two!.retention).toMatchObject({ nextChapterId: three!.id, retained: wentOn(1) });
    expect(wentOn(0)).toBeGreaterThan(0);
    expect(overview.totals.readers).toBe(READERS.length + 1);

    // Verdicts both ways on chapters 1 and 2, with aspect ratings; comments of every type on both POVs.
    for (const c of [one!, two!]) {
      expect(c.figures.yays).toBeGreaterThan(0);
      expect(c.figures.nays).toBeGreaterThan(0);
      expect(c.figures.aspects.pacing.ratings).toBeGreaterThan(1);
    }
    expect(three!.figures.reviews).toBe(REVIEWS.filter((r) => r.chapter === 2).length);
    expect(three!.figures.comments).toBe(COMMENTS.filter((c) => c.chapter === 2).length);
    for (const type of ['reaction', 'critique', 'typo'] as const) {
      expect(one!.figures.byType[type], type).toBeGreaterThan(0);
      expect(overview.totals.byType[type], type).toBeGreaterThan(0);
    }
    expect(overview.povs.map((p) => p.name)).toEqual(['Mark', 'Lexie']);
    for (const pov of overview.povs) {
      expect(pov.reads, pov.name).toBeGreaterThan(0);
      expect(pov.comments, pov.name).toBeGreaterThan(COMMENTS.length / 2);
    }

    // Over time: reads on many different days of the last two weeks, none in the future.
    const series = await timeSeries({
      db,
      userId: demo.id,
      storyId: story.id,
      ...defaultRange(now),
      granularity: 'day',
    });
    expect(series.totals.reads).toBe(READS.length);
    expect(series.points.filter((p) => p.reads > 0).length).toBeGreaterThanOrEqual(7);
    expect(series.points.filter((p) => p.comments > 0).length).toBeGreaterThanOrEqual(5);
    expect(series.points.filter((p) => p.reviews > 0).length).toBeGreaterThanOrEqual(5);

    // Chapter 1's heatmap: `reader`'s two passages keep one comment each (the reading test
    // counts two "1 comment" margins), the others have none or two.
    const detail = await chapterDetail({ db, userId: demo.id, chapterId: one!.id });
    const counts = detail.passages.filter((p) => p.kind === 'text').map((p) => p.comments);
    expect(counts.filter((n) => n === 1)).toHaveLength(COMMENTS.filter((c) => c.chapter === 0).length);
    expect(counts.every((n) => n <= 2)).toBe(true);
    expect(detail.povs.map((p) => [p.name, p.comments > 0])).toEqual([
      ['Mark', true],
      ['Lexie', true],
    ]);

    // The inbox: feedback from many readers.
    const inbox = await feedbackInbox({ db, userId: demo.id, filters: { storyId: story.id }, limit: 50 });
    expect(new Set(inbox.items.map((i) => i.author.username)).size).toBe(READERS.length + 1);
    expect(inbox.items).toHaveLength(
      COMMENTS.length + REVIEWS.length + READER_COMMENTS.length + READER_REVIEWS.length,
    );
  });
});
