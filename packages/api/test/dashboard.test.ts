// Dashboard figures against hand counts (dashboard-fixture.ts), on PGlite and on PostgreSQL
// (TEST_DATABASE_URL). The counts in comments are worked out from the fixture by hand.
import { type Database, newId } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapterDetail } from '../src/services/dashboard/chapter-detail';
import { csvCell, dashboardCsv } from '../src/services/dashboard/csv';
import { feedbackInbox, markAllSeen, markFeedback } from '../src/services/dashboard/feedback-inbox';
import { listDashboardStories } from '../src/services/dashboard/list-stories';
import { storyOverview } from '../src/services/dashboard/story-overview';
import { timeSeries } from '../src/services/dashboard/time-series';
import { recordRead } from '../src/services/reading/record-read';
import { editChapter } from '../src/services/chapter/edit-chapter';
import { publishChapter, unpublishChapter } from '../src/services/chapter/publish-chapter';
import { reorderChapters } from '../src/services/chapter/reorder-chapters';
import { setStoryMember, removeStoryMember } from '../src/services/story/story-members';
import { T0, at, dashboardFixture, type ChapterRef, type DashboardFixture } from './dashboard-fixture';
import { harness, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
let fx: DashboardFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await dashboardFixture(h);
});
afterAll(async () => {
  await db?.close();
});

const byType = (reaction: number, critique: number, typo: number) => ({ reaction, critique, typo });

describe('story figures', () => {
  it('counts reads, readers, reviews, aspects and comments per chapter', async () => {
    const o = await storyOverview({ db, userId: fx.owner.id, storyId: fx.storyId });
    const [c1, c2, c3, c4] = o.chapters;
    // ch1: r1 ×2 (0 h and 25 h; the 1 h read is inside 24 h), r2, r3; owner and beta never count.
    expect(c1!.figures).toMatchObject({
      reads: 4,
      readers: 3,
      reviews: 2,
      yays: 1,
      nays: 1,
      comments: 7,
      byType: byType(3, 2, 2),
    });
    // Aspects: pacing (4+2)/2, characters (5+3)/2, POV clarity only r2's 4, prose only r1's 3.
    expect(c1!.figures.aspects).toEqual({
      pacing: { average: 3, ratings: 2 },
      characters: { average: 4, ratings: 2 },
      povClarity: { average: 4, ratings: 1 },
      prose: { average: 3, ratings: 1 },
    });
    expect(c2!.figures).toMatchObject({
      reads: 2,
      readers: 2,
      reviews: 2,
      yays: 1,
      nays: 1,
      comments: 1,
      byType: byType(1, 0, 0),
    });
    expect(c2!.figures.aspects.pacing).toEqual({ average: 5, ratings: 1 });
    expect(c3!.figures).toMatchObject({ reads: 1, readers: 1, reviews: 0, comments: 0 });
    expect(c4!.figures).toMatchObject({ reads: 0, readers: 0, reviews: 0, comments: 0 });
    expect(c4!.inReadingOrder).toBe(false);
  });

  it('adds chapters up to story totals, with distinct readers across chapters', async () => {
    const { totals } = await storyOverview({ db, userId: fx.owner.id, storyId: fx.storyId });
    expect(totals).toMatchObject({
      reads: 7,
      readers: 3,
      reviews: 4,
      yays: 2,
      nays: 2,
      comments: 8,
      byType: byType(4, 2, 2),
    });
    expect(totals.aspects.pacing).toEqual({ average: 3.67, ratings: 3 });
  });

  it('counts retention along the reading order', async () => {
    const o = await storyOverview({ db, userId: fx.owner.id, storyId: fx.storyId });
    // ch1 readers {r1,r2,r3}, of whom r1 and r2 read ch2; ch2 readers {r1,r2}, of whom r2 read ch3.
    expect(o.chapters[0]!.retention).toEqual({ nextChapterId: fx.ch[1].id, retained: 2, rate: 0.667 });
    expect(o.chapters[1]!.retention).toEqual({ nextChapterId: fx.ch[2].id, retained: 1, rate: 0.5 });
    // ch3's next chapter is a draft: not in the reading order, so no retention.
    expect(o.chapters[2]!.retention).toBeNull();
  });

  it('splits figures by POV character', async () => {
    const { povs } = await storyOverview({ db, userId: fx.owner.id, storyId: fx.storyId });
    const mark = povs.find((p) => p.name === 'Mark')!;
    const lexie = povs.find((p) => p.name === 'Lexie')!;
    // Both narrate all four chapters; comments: Mark's ch1 passage 1 has r1, r2, r3 and r1's reply.
    expect(mark).toMatchObject({
      chapters: 4,
      reads: 7,
      reviews: 4,
      yays: 2,
      nays: 2,
      comments: 4,
      byType: byType(2, 1, 1),
    });
    // Lexie: ch1 (beta critique, r3 reaction) and ch2 (r1 reaction).
    expect(lexie).toMatchObject({ chapters: 4, reads: 7, comments: 3, byType: byType(2, 1, 0) });
  });

  it('lists the most discussed passages', async () => {
    const { mostDiscussed } = await storyOverview({ db, userId: fx.owner.id, storyId: fx.storyId });
    expect(
      mostDiscussed.slice(0, 2).map((d) => [d.chapterNumber, d.passageKey, d.comments, d.pov?.name]),
    ).toEqual([
      [1, fx.ch[0].keys.m1, 4, 'Mark'],
      [1, fx.ch[0].keys.l1, 2, 'Lexie'],
    ]);
    expect(mostDiscussed[0]!.excerpt).toBe('Mark opens ledger 1.');
    expect(mostDiscussed.find((d) => d.passageKey === 'gone-passage')?.excerpt).toBeNull();
  });

  it('lists the stories the caller edits, with key figures and unread feedback', async () => {
    const mine = await listDashboardStories({ db, userId: fx.owner.id });
    const entry = mine.find((s) => s.id === fx.storyId)!;
    expect(entry.figures).toMatchObject({ reads: 7, readers: 3, reviews: 4, comments: 8 });
    expect(entry).toMatchObject({ chapters: 4, published: true, role: 'owner' });
    expect((await listDashboardStories({ db, userId: fx.coauthor.id })).map((s) => s.id)).toContain(
      fx.storyId,
    );
    expect(await listDashboardStories({ db, userId: fx.beta.id })).toEqual([]);
  });
});

describe('chapter heatmap', () => {
  it('lays comment counts over the passages of the shown revision', async () => {
    const d = await chapterDetail({ db, userId: fx.owner.id, chapterId: fx.ch[0].id });
    const { m1, m2, brk, l1 } = fx.ch[0].keys;
    expect(d.passages.map((p) => [p.key, p.kind, p.pov?.name ?? null, p.comments, p.intensity])).toEqual([
      [m1, 'text', 'Mark', 4, 1],
      [m2, 'text', 'Mark', 0, 0],
      [brk, 'break', null, 0, 0],
      [l1, 'text', 'Lexie', 2, 0.5],
    ]);
    expect(d.passages[0]!.byType).toEqual(byType(2, 1, 1));
    expect(d.elsewhere).toBe(1);
    expect(d.maxComments).toBe(4);
    expect(d.povs).toEqual([
      {
        name: 'Mark',
        color: '#1f6feb',
        passages: 2,
        words: expect.any(Number),
        comments: 4,
        byType: byType(2, 1, 1),
      },
      {
        name: 'Lexie',
        color: '#b35900',
        passages: 1,
        words: expect.any(Number),
        comments: 2,
        byType: byType(1, 1, 0),
      },
    ]);
    expect(d.chapter).toMatchObject({ number: 1, status: 'published', revision: { isDraft: false } });
    expect(d.next?.id).toBe(fx.ch[1].id);
  });
});

describe('time series', () => {
  const range = { from: '2026-03-02', to: '2026-03-09' };
  it('gives one row per day, zeros included', async () => {
    const s = await timeSeries({
      db,
      userId: fx.owner.id,
      storyId: fx.storyId,
      ...range,
      granularity: 'day',
    });
    expect(s.points).toHaveLength(8);
    // 2 March: r1 ch1, r1 ch2, r2 ×3, r3; reviews r1 ch1 and beta ch2.
    expect(s.points[0]).toEqual({ start: '2026-03-02', reads: 6, reviews: 2, comments: 0 });
    // 3 March: r1's second ch1 read; r2's ch1 review; the seven counted ch1 comments.
    expect(s.points[1]).toEqual({ start: '2026-03-03', reads: 1, reviews: 1, comments: 7 });
    expect(s.points[4]).toEqual({ start: '2026-03-06', reads: 0, reviews: 0, comments: 0 });
    expect(s.points[7]).toEqual({ start: '2026-03-09', reads: 0, reviews: 1, comments: 1 });
    expect(s.totals).toEqual({ reads: 7, reviews: 4, comments: 8 });
  });

  it('sums days into Monday-to-Sunday weeks', async () => {
    const s = await timeSeries({
      db,
      userId: fx.owner.id,
      storyId: fx.storyId,
      ...range,
      granularity: 'week',
    });
    expect(s.points).toEqual([
      { start: '2026-03-02', reads: 7, reviews: 3, comments: 7 },
      { start: '2026-03-09', reads: 0, reviews: 1, comments: 1 },
    ]);
  });

  it('narrows to one chapter', async () => {
    const s = await timeSeries({
      db,
      userId: fx.owner.id,
      storyId: fx.storyId,
      chapterId: fx.ch[0].id,
      ...range,
      granularity: 'week',
    });
    expect(s.points[0]).toEqual({ start: '2026-03-02', reads: 4, reviews: 2, comments: 7 });
  });

  it('refuses a reversed or over-long range', async () => {
    await expect(
      timeSeries({
        db,
        userId: fx.owner.id,
        storyId: fx.storyId,
        from: '2026-03-09',
        to: '2026-03-02',
        granularity: 'day',
      }),
    ).rejects.toThrow(/ends before/);
    await expect(
      timeSeries({
        db,
        userId: fx.owner.id,
        storyId: fx.storyId,
        from: '2020-01-01',
        to: '2026-03-02',
        granularity: 'day',
      }),
    ).rejects.toThrow(/at most/);
  });
});

describe('feedback inbox', () => {
  const ids = async (filters: Parameters<typeof feedbackInbox>[0]['filters'], userId = fx.owner.id) =>
    (await feedbackInbox({ db, userId, filters: { storyId: fx.storyId, ...filters }, limit: 100 })).items;

  it('lists every counted review and comment, newest first, without the authors’ own', async () => {
    const items = await ids({});
    expect(items).toHaveLength(12); // 8 comments + 4 reviews
    expect(items.map((i) => i.id)).not.toContain(fx.ids.ownerReply);
    expect(items.map((i) => i.id)).not.toContain(fx.ids.r3HiddenReview);
    const times = items.map((i) => i.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const first = items.at(-1)!;
    expect(first).toMatchObject({
      kind: 'review',
      verdict: 'yay',
      chapter: { number: 1 },
      author: { username: fx.r1.username },
      seen: false,
    });
  });

  it('filters by kind, type, verdict, chapter and POV', async () => {
    expect(await ids({ kind: 'review' })).toHaveLength(4);
    expect((await ids({ type: 'typo' })).map((i) => i.kind)).toEqual(['comment', 'comment']);
    expect((await ids({ verdict: 'nay' })).map((i) => i.author.username).sort()).toEqual(
      [fx.r1.username, fx.r2.username].sort(),
    );
    expect(await ids({ chapterId: fx.ch[1].id })).toHaveLength(3);
    // Lexie: 3 comments on her passages + the 4 reviews of chapters she narrates.
    const lexie = await ids({ povId: fx.lexie });
    expect(lexie.filter((i) => i.kind === 'comment').map((i) => i.pov?.name)).toEqual([
      'Lexie',
      'Lexie',
      'Lexie',
    ]);
    expect(lexie).toHaveLength(7);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await feedbackInbox({
        db,
        userId: fx.owner.id,
        filters: { storyId: fx.storyId },
        cursor,
        limit: 5,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
  });

  it('keeps read/unread per author', async () => {
    const item = { kind: 'comment' as const, id: fx.ids.r1OnM1 };
    await markFeedback({ db, userId: fx.owner.id, items: [item], seen: true, now: T0 });
    expect((await ids({ seen: 'read' })).map((i) => i.id)).toEqual([fx.ids.r1OnM1]);
    expect((await feedbackInbox({ db, userId: fx.owner.id, filters: { storyId: fx.storyId } })).unread).toBe(
      11,
    );
    // The co-author's inbox is their own.
    expect(
      (await feedbackInbox({ db, userId: fx.coauthor.id, filters: { storyId: fx.storyId } })).unread,
    ).toBe(12);
    await markAllSeen({ db, userId: fx.owner.id, filters: { storyId: fx.storyId }, now: T0 });
    expect(await ids({ seen: 'unread' })).toHaveLength(0);
    await markFeedback({ db, userId: fx.owner.id, items: [item], seen: false, now: T0 });
    expect((await ids({ seen: 'unread' })).map((i) => i.id)).toEqual([fx.ids.r1OnM1]);
  });

  it('hides other people’s stories', async () => {
    expect((await feedbackInbox({ db, userId: fx.outsider.id })).items).toEqual([]);
    await expect(
      feedbackInbox({ db, userId: fx.beta.id, filters: { storyId: fx.storyId } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      markFeedback({
        db,
        userId: fx.outsider.id,
        items: [{ kind: 'comment', id: fx.ids.r1OnM1 }],
        seen: true,
        now: T0,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('reads', () => {
  it('counts a read once per 24 hours, and never a member’s', async () => {
    const f = await dashboardFixture(h);
    const chapterId = f.ch[2].id;
    expect(await recordRead({ db, userId: f.r3.id, chapterId, now: at(100) })).toEqual({
      counted: true,
      reason: null,
    });
    expect(await recordRead({ db, userId: f.r3.id, chapterId, now: at(123.99) })).toEqual({
      counted: false,
      reason: 'recent',
    });
    expect(await recordRead({ db, userId: f.r3.id, chapterId, now: at(124) })).toEqual({
      counted: true,
      reason: null,
    });
    expect(await recordRead({ db, userId: f.coauthor.id, chapterId, now: at(100) })).toEqual({
      counted: false,
      reason: 'member',
    });
    const stat = await db.prisma.chapterStat.findUniqueOrThrow({ where: { chapterId } });
    expect(stat).toMatchObject({ reads: 3, readers: 2 }); // r2's from the fixture + r3 twice
  });

  it('counts one read when the same reader opens a chapter twice at once', async () => {
    const f = await dashboardFixture(h);
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map(() =>
        recordRead({ db, userId: f.outsider.id, chapterId: f.ch[1].id, now: at(200) }),
      ),
    );
    expect(results.filter((r) => r.counted)).toHaveLength(1);
    expect(await db.prisma.chapterRead.count({ where: { userId: f.outsider.id } })).toBe(1);
  });

  it('refuses chapters the reader cannot see', async () => {
    const f = await dashboardFixture(h);
    await expect(
      recordRead({ db, userId: f.r1.id, chapterId: f.ch[3].id, now: at(1) }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('rollups follow every write', () => {
  async function snapshot(storyId: string) {
    const [chapters, passages, days, readers, story, povs] = await Promise.all([
      // Rows of zeros mean the same as no row (the triggers create rows lazily, a rebuild eagerly).
      db.prisma.chapterStat.findMany({
        where: { storyId, OR: [{ reads: { gt: 0 } }, { reviews: { gt: 0 } }, { comments: { gt: 0 } }] },
        orderBy: { chapterId: 'asc' },
      }),
      db.prisma.passageStat.findMany({
        where: { storyId, comments: { gt: 0 } },
        orderBy: [{ chapterId: 'asc' }, { passageKey: 'asc' }],
      }),
      db.prisma.dailyStat.findMany({
        where: { storyId, OR: [{ reads: { gt: 0 } }, { reviews: { gt: 0 } }, { comments: { gt: 0 } }] },
        orderBy: [{ chapterId: 'asc' }, { day: 'asc' }],
      }),
      db.prisma.chapterReader.findMany({
        where: { storyId },
        orderBy: [{ chapterId: 'asc' }, { userId: 'asc' }],
        select: { chapterId: true, userId: true, reads: true },
      }),
      db.prisma.storyStat.findUnique({ where: { storyId } }),
      // One row per chapter × POV narrating its shown revision, zeros included, both ways.
      db.prisma.chapterPovStat.findMany({
        where: { storyId },
        orderBy: [{ chapterId: 'asc' }, { characterId: 'asc' }],
      }),
    ]);
    return { chapters, passages, days, readers, story, povs };
  }
  const rebuild = (storyId: string) => db.prisma.$executeRaw`SELECT dashboard_rebuild_story(${storyId})`;

  it('match a rebuild from the raw tables after inserts, updates and deletes', async () => {
    const f = await dashboardFixture(h);
    await db.prisma.inlineComment.update({ where: { id: f.ids.r1OnM1 }, data: { type: 'typo' } });
    await db.prisma.review.update({ where: { id: f.ids.r2Review1 }, data: { verdict: 'yay', prose: 5 } });
    await db.prisma.review.update({ where: { id: f.ids.r3HiddenReview }, data: { status: 'visible' } });
    await db.prisma.chapterRead.deleteMany({ where: { userId: f.r2.id, chapterId: f.ch[1].id } });
    const incremental = await snapshot(f.storyId);
    await rebuild(f.storyId);
    expect(await snapshot(f.storyId)).toEqual(incremental);
    const ch1 = incremental.chapters.find((c) => c.chapterId === f.ch[0].id)!;
    // r3's review is visible now (3 reviews, 3 yays), r1's comment became a typo.
    expect(ch1).toMatchObject({
      reviews: 3,
      yays: 3,
      nays: 0,
      reactions: 2,
      typos: 3,
      proseCount: 2,
      proseSum: 8,
    });
    // r2 no longer read ch2: ch1's retention drops to r1 only.
    expect(ch1.retained).toBe(1);
  });

  it('hide a comment and it leaves the figures; show it and it comes back', async () => {
    const f = await dashboardFixture(h);
    await db.prisma.inlineComment.update({ where: { id: f.ids.r1OnM1 }, data: { status: 'hidden' } });
    let d = await chapterDetail({ db, userId: f.owner.id, chapterId: f.ch[0].id });
    expect(d.passages[0]!.comments).toBe(3);
    expect(d.figures.comments).toBe(6);
    await db.prisma.inlineComment.update({ where: { id: f.ids.r1OnM1 }, data: { status: 'visible' } });
    d = await chapterDetail({ db, userId: f.owner.id, chapterId: f.ch[0].id });
    expect(d.passages[0]!.comments).toBe(4);
  });

  it('stop counting a reader who joins the story, and an author’s feedback', async () => {
    const f = await dashboardFixture(h);
    await setStoryMember({
      db,
      userId: f.owner.id,
      storyId: f.storyId,
      username: f.r3.username,
      role: 'beta',
    });
    let o = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    // r3's ch1 read goes; their comments stay (beta readers' feedback counts).
    expect(o.chapters[0]!.figures).toMatchObject({ reads: 3, readers: 2, comments: 7 });
    expect(o.totals.readers).toBe(2);
    expect(o.chapters[0]!.retention).toMatchObject({ retained: 2, rate: 1 });
    await setStoryMember({
      db,
      userId: f.owner.id,
      storyId: f.storyId,
      username: f.r3.username,
      role: 'coauthor',
    });
    o = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    // As a co-author, r3's typo on Mark 1 and reaction on Lexie 1 are no longer feedback.
    expect(o.chapters[0]!.figures).toMatchObject({ comments: 5, byType: byType(2, 2, 1) });
    await removeStoryMember({ db, userId: f.owner.id, storyId: f.storyId, memberId: f.r3.id });
    o = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    expect(o.chapters[0]!.figures).toMatchObject({ reads: 4, readers: 3, comments: 7 });
  });

  it('recount retention when chapters are reordered', async () => {
    const f = await dashboardFixture(h);
    await reorderChapters({
      db,
      userId: f.owner.id,
      storyId: f.storyId,
      chapterIds: [f.ch[1].id, f.ch[0].id, f.ch[2].id, f.ch[3].id],
    });
    const o = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    // New order ch2, ch1, ch3: ch2 readers {r1,r2} all read ch1; ch1 readers {r1,r2,r3}, r2 read ch3.
    expect(o.chapters.map((c) => [c.id, c.retention?.retained ?? null])).toEqual([
      [f.ch[1].id, 2],
      [f.ch[0].id, 1],
      [f.ch[2].id, null],
      [f.ch[3].id, null],
    ]);
  });

  it('go with a deleted chapter or story', async () => {
    const f = await dashboardFixture(h);
    await db.prisma.chapter.delete({ where: { id: f.ch[0].id } });
    const o = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    expect(o.totals).toMatchObject({ reads: 3, comments: 1 });
    expect(o.totals.readers).toBe(2); // r3 only read chapter 1
    await db.prisma.story.delete({ where: { id: f.storyId } });
    expect(await db.prisma.chapterStat.count({ where: { storyId: f.storyId } })).toBe(0);
  });
});

describe('per-POV figures follow the revision the dashboard shows', () => {
  type Pov = {
    chapters: number;
    reads: number;
    reviews: number;
    comments: number;
    byType: { reaction: number; critique: number; typo: number };
  };
  async function povFigures(f: DashboardFixture): Promise<Record<string, Pov>> {
    const { povs } = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    return Object.fromEntries(
      povs.map((p) => [
        p.name,
        { chapters: p.chapters, reads: p.reads, reviews: p.reviews, comments: p.comments, byType: p.byType },
      ]),
    );
  }
  // The fixture's hand counts (see 'splits figures by POV character').
  const MARK: Pov = { chapters: 4, reads: 7, reviews: 4, comments: 4, byType: byType(2, 1, 1) };
  const LEXIE: Pov = { chapters: 4, reads: 7, reviews: 4, comments: 3, byType: byType(2, 1, 0) };
  const onlyLexie = (n: number) =>
    `::: pov Lexie\nMark opens ledger ${n}.\n\nMark counts the gulls ${n}.\n\nLexie closes ledger ${n}.\n:::\n`;
  const onlyMark = (n: number) =>
    `::: pov Mark\nMark opens ledger ${n}.\n\nMark counts the gulls ${n}.\n\nLexie closes ledger ${n}.\n:::\n`;
  const edit = (f: DashboardFixture, c: ChapterRef, source: string) =>
    editChapter({
      db,
      userId: f.owner.id,
      chapterId: c.id,
      upload: { source, format: 'markdown' },
      now: at(300),
    });
  /** Who narrates `key` in a revision (keys survive edits; this checks the move really happened). */
  const narrator = async (revisionId: string, key: string) =>
    (
      await db.prisma.passage.findFirstOrThrow({
        where: { revisionId, key },
        select: { segment: { select: { character: { select: { name: true } } } } },
      })
    ).segment.character?.name;
  const rebuildMatches = async (f: DashboardFixture) => {
    const before = await db.prisma.chapterPovStat.findMany({
      where: { storyId: f.storyId },
      orderBy: [{ chapterId: 'asc' }, { characterId: 'asc' }],
    });
    await db.prisma.$executeRaw`SELECT dashboard_rebuild_story(${f.storyId})`;
    expect(
      await db.prisma.chapterPovStat.findMany({
        where: { storyId: f.storyId },
        orderBy: [{ chapterId: 'asc' }, { characterId: 'asc' }],
      }),
    ).toEqual(before);
  };

  it('moves a commented passage to its new POV when the revision is published, not before', async () => {
    const f = await dashboardFixture(h);
    // Chapter 1 rewritten as Lexie's alone: Mark's passage 1 (4 counted comments) becomes hers.
    const saved = await edit(f, f.ch[0], onlyLexie(1));
    expect(await narrator(saved.revisionId, f.ch[0].keys.m1)).toBe('Lexie');
    // A draft of a published chapter: the dashboard still shows the published revision.
    expect(await povFigures(f)).toEqual({ Mark: MARK, Lexie: LEXIE });
    await publishChapter({ db, userId: f.owner.id, chapterId: f.ch[0].id, now: at(301) });
    expect(await povFigures(f)).toEqual({
      // Mark no longer narrates chapter 1: its 4 reads and 2 reviews go with it.
      Mark: { chapters: 3, reads: 3, reviews: 2, comments: 0, byType: byType(0, 0, 0) },
      // Lexie: her 3 plus Mark 1's 4 (the owner's reply on it still does not count).
      Lexie: { chapters: 4, reads: 7, reviews: 4, comments: 7, byType: byType(4, 2, 1) },
    });
    const { mostDiscussed } = await storyOverview({ db, userId: f.owner.id, storyId: f.storyId });
    expect(mostDiscussed[0]).toMatchObject({
      passageKey: f.ch[0].keys.m1,
      comments: 4,
      pov: { name: 'Lexie' },
    });
    await rebuildMatches(f);
  });

  it('moves at once in a draft chapter, and when unpublishing shows the draft again', async () => {
    const f = await dashboardFixture(h);
    const [, c2, , c4] = f.ch;
    // Chapter 4 is a draft: the dashboard shows its current revision.
    await db.prisma.inlineComment.create({
      data: {
        id: newId(),
        chapterId: c4.id,
        authorId: f.r1.id,
        revisionId: c4.revisionId,
        passageKey: c4.keys.l1,
        body: 'on a draft',
        type: 'reaction',
        createdAt: at(200),
      },
    });
    expect(await povFigures(f)).toEqual({
      Mark: MARK,
      Lexie: { ...LEXIE, comments: 4, byType: byType(3, 1, 0) },
    });
    const saved = await edit(f, c4, onlyMark(4));
    expect(await narrator(saved.revisionId, c4.keys.l1)).toBe('Mark');
    // Lexie no longer narrates chapter 4 (no reads or reviews there), and her passage's comment is Mark's now.
    expect(await povFigures(f)).toEqual({
      Mark: { ...MARK, comments: 5, byType: byType(3, 1, 1) },
      Lexie: { ...LEXIE, chapters: 3 },
    });
    // Chapter 2: a draft gives Lexie's passage to Mark; nothing moves until the chapter is unpublished.
    await edit(f, c2, onlyMark(2));
    expect((await povFigures(f)).Lexie).toEqual({ ...LEXIE, chapters: 3 });
    await unpublishChapter({ db, userId: f.owner.id, chapterId: c2.id, now: at(302) });
    expect(await povFigures(f)).toEqual({
      Mark: { ...MARK, comments: 6, byType: byType(4, 1, 1) },
      // Chapter 2's 2 reads and 2 reviews leave Lexie with it; so does r1's reaction on it.
      Lexie: { chapters: 2, reads: 5, reviews: 2, comments: 2, byType: byType(1, 1, 0) },
    });
    await rebuildMatches(f);
  });

  it('never counts beta-round comments or the authors’ own, before or after a move', async () => {
    const f = await dashboardFixture(h);
    const [c1] = f.ch;
    const round = await db.prisma.betaRound.create({
      data: {
        id: newId(),
        chapterId: c1.id,
        revisionId: c1.revisionId,
        openedById: f.owner.id,
        createdAt: at(100),
      },
    });
    const comment = (authorId: string, key: string, extra: { betaRoundId?: string } = {}) =>
      db.prisma.inlineComment.create({
        data: {
          id: newId(),
          chapterId: c1.id,
          authorId,
          revisionId: c1.revisionId,
          passageKey: key,
          body: 'not feedback',
          type: 'critique',
          createdAt: at(101),
          ...extra,
        },
        select: { id: true },
      });
    const inRound = await comment(f.beta.id, c1.keys.m1, { betaRoundId: round.id });
    await comment(f.r2.id, c1.keys.l1, { betaRoundId: round.id });
    await comment(f.owner.id, c1.keys.l1);
    await comment(f.coauthor.id, c1.keys.m2);
    expect(await povFigures(f)).toEqual({ Mark: MARK, Lexie: LEXIE });
    // Editing them (as moderation or the round would) changes nothing either.
    await db.prisma.inlineComment.update({ where: { id: inRound.id }, data: { type: 'typo' } });
    await edit(f, c1, onlyLexie(1));
    await publishChapter({ db, userId: f.owner.id, chapterId: c1.id, now: at(301) });
    expect((await povFigures(f)).Lexie).toMatchObject({ comments: 7, byType: byType(4, 2, 1) });
    await rebuildMatches(f);
  });

  it('drops a deleted POV character’s rows and keeps the others', async () => {
    const f = await dashboardFixture(h);
    // Straight to the table (the service refuses while Lexie narrates a shown revision):
    // her segments lose their character and her rows go.
    await db.prisma.povCharacter.delete({ where: { id: f.lexie } });
    expect(await povFigures(f)).toEqual({ Mark: MARK });
    expect(await db.prisma.chapterPovStat.count({ where: { characterId: f.lexie } })).toBe(0);
    await rebuildMatches(f);
  });
});

describe('access and CSV', () => {
  it('is for the story’s editors only', async () => {
    await expect(storyOverview({ db, userId: fx.beta.id, storyId: fx.storyId })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(chapterDetail({ db, userId: fx.r1.id, chapterId: fx.ch[0].id })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await storyOverview({ db, userId: fx.coauthor.id, storyId: fx.storyId })).totals.reads).toBe(7);
    const error = await trpcError(h.caller(fx.beta).dashboard.story({ storyId: fx.storyId }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('exports every table as CSV', async () => {
    const chapters = await dashboardCsv({ db, userId: fx.owner.id, storyId: fx.storyId, table: 'chapters' });
    const lines = chapters.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'chapter,title,status,reads,readers,reviews,yay,nay,pacing,characters,pov_clarity,prose,comments,reactions,critiques,typos,went_on,retention',
    );
    expect(lines[1]).toBe('1,Chapter 1,published,4,3,2,1,1,3,4,4,3,7,3,2,2,2,0.667');
    expect(lines).toHaveLength(5);
    for (const table of ['povs', 'discussed', 'inbox'] as const) {
      expect((await dashboardCsv({ db, userId: fx.owner.id, storyId: fx.storyId, table })).csv).toMatch(
        /\r\n/,
      );
    }
    const passages = await dashboardCsv({
      db,
      userId: fx.owner.id,
      storyId: fx.storyId,
      table: 'passages',
      chapterId: fx.ch[0].id,
    });
    expect(passages.csv.split('\r\n')[1]).toBe(`1,${fx.ch[0].keys.m1},Mark,4,2,1,1,Mark opens ledger 1.`);
    const series = await dashboardCsv({
      db,
      userId: fx.owner.id,
      storyId: fx.storyId,
      table: 'series',
      from: '2026-03-02',
      to: '2026-03-03',
    });
    expect(series.csv).toBe('day,reads,reviews,comments\r\n2026-03-02,6,2,0\r\n2026-03-03,1,1,7\r\n');
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
