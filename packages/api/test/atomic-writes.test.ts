// A chapter upload or edit is one transaction: revision, segments, passages and the chapter's
// pointer land together or not at all.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapter } from '../src/services/chapter/create-chapter';
import { editChapter } from '../src/services/chapter/edit-chapter';
import type { WriteStage } from '../src/services/chapter/store-revision';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'private');
});
afterAll(async () => {
  await db?.close();
});

const failAt = (stage: WriteStage) => (reached: WriteStage) => {
  if (reached === stage) throw new Error(`injected failure after ${stage}`);
};

describe('atomic chapter writes', () => {
  it.each(['revision', 'segments', 'passages'] as const)(
    'an edit failing after %s leaves no rows and the old revision current',
    async (stage) => {
      const chapterId = fx.draftChapterId;
      const before = await db.prisma.chapter.findUniqueOrThrow({
        where: { id: chapterId },
        select: { currentRevisionId: true },
      });
      const counts = async () => ({
        revisions: await db.prisma.chapterRevision.count({ where: { chapterId } }),
        segments: await db.prisma.segment.count({ where: { revision: { chapterId } } }),
        passages: await db.prisma.passage.count({ where: { segment: { revision: { chapterId } } } }),
      });
      const start = await counts();
      await expect(
        editChapter({
          db,
          userId: fx.users.owner.id,
          chapterId,
          upload: { source: directives(['A new first line.'], ['A new last line.']), format: 'markdown' },
          now: new Date(),
          onStage: failAt(stage),
        }),
      ).rejects.toThrow(`injected failure after ${stage}`);
      expect(await counts()).toEqual(start);
      const after = await db.prisma.chapter.findUniqueOrThrow({
        where: { id: chapterId },
        select: { currentRevisionId: true },
      });
      expect(after.currentRevisionId).toBe(before.currentRevisionId);
      expect(await db.prisma.chapterRevision.count({ where: { chapterId, number: 2 } })).toBe(0);
    },
  );

  it('a failed upload of a new chapter leaves no chapter behind', async () => {
    const chapters = await db.prisma.chapter.count({ where: { storyId: fx.storyId } });
    await expect(
      createChapter({
        db,
        userId: fx.users.owner.id,
        storyId: fx.storyId,
        title: 'Never saved',
        upload: { source: directives(['One.'], ['Two.']), format: 'markdown' },
        onStage: failAt('passages'),
      }),
    ).rejects.toThrow('injected failure');
    expect(await db.prisma.chapter.count({ where: { storyId: fx.storyId } })).toBe(chapters);
    expect(await db.prisma.chapter.count({ where: { storyId: fx.storyId, title: 'Never saved' } })).toBe(0);
  });

  it('the same edit without a failure stores everything and moves the pointer', async () => {
    const saved = await editChapter({
      db,
      userId: fx.users.owner.id,
      chapterId: fx.draftChapterId,
      upload: { source: directives(['A new first line.'], ['A new last line.']), format: 'markdown' },
      now: new Date(),
    });
    const chapter = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: fx.draftChapterId },
      select: { currentRevisionId: true },
    });
    expect(chapter.currentRevisionId).toBe(saved.revisionId);
    expect(await db.prisma.segment.count({ where: { revisionId: saved.revisionId } })).toBe(2);
    expect(await db.prisma.passage.count({ where: { revisionId: saved.revisionId } })).toBe(3);
  });
});
