// A user intent is one service call and one transaction (issue #15): creating a story with its
// tags and characters, saving its details with its tags, importing a whole story, moving a
// chapter. A failure half way leaves nothing behind, and live events wait for the commit.
import { uniqueSuffix, openTestDatabase } from '@margins/db/test';
import type { Database } from '@margins/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveChapter } from '../src/services/chapter/reorder-chapters';
import { importStory } from '../src/services/export/import-story';
import { createStory, type CreateStep } from '../src/services/story/create-story';
import { updateStory } from '../src/services/story/update-story';
import { inTransaction } from '../src/services/transaction';
import { createComment } from '../src/services/comment/create-comment';
import { setCommentStatus } from '../src/services/moderation/moderate-comment';
import { ServiceError } from '../src/errors';
import { directives, harness, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

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

/** Everything a creation could have written, found by the story's title and the tag's name. */
async function leftovers(title: string, tag: string) {
  const stories = await db.prisma.story.findMany({ where: { title }, select: { id: true } });
  const ids = stories.map((s) => s.id);
  return {
    stories: stories.length,
    members: await db.prisma.storyMember.count({ where: { storyId: { in: ids } } }),
    characters: await db.prisma.povCharacter.count({ where: { storyId: { in: ids } } }),
    storyTags: await db.prisma.storyTag.count({ where: { storyId: { in: ids } } }),
    tags: await db.prisma.tag.count({ where: { name: tag } }),
    chapters: await db.prisma.chapter.count({ where: { storyId: { in: ids } } }),
  };
}
const nothing = { stories: 0, members: 0, characters: 0, storyTags: 0, tags: 0, chapters: 0 };

describe('creating a story with its tags and characters', () => {
  it('is one call: story, owner, tags and characters in order', async () => {
    const title = `Whole ${uniqueSuffix()}`;
    const tag = `Fandom ${uniqueSuffix()}`;
    const { id } = await createStory({
      db,
      userId: fx.users.owner.id,
      title,
      tags: { fandom: [tag], freeform: ['Slow burn'] },
      characters: [
        { name: 'Mark', color: '#1F6FEB' },
        { name: 'Lexie', color: '#b35900' },
      ],
    });
    expect(await leftovers(title, tag)).toEqual({
      stories: 1,
      members: 1,
      characters: 2,
      storyTags: 2,
      tags: 1,
      chapters: 0,
    });
    const characters = await db.prisma.povCharacter.findMany({
      where: { storyId: id },
      orderBy: { position: 'asc' },
      select: { name: true, color: true },
    });
    expect(characters).toEqual([
      { name: 'Mark', color: '#1f6feb' },
      { name: 'Lexie', color: '#b35900' },
    ]);
  });

  it.each(['story', 'tags', 'characters'] as const)(
    'failing after %s leaves nothing behind',
    async (step) => {
      const title = `Half ${uniqueSuffix()}`;
      const tag = `Fandom ${uniqueSuffix()}`;
      const failAfter = (reached: CreateStep) => {
        if (reached === step) throw new Error(`injected failure after ${step}`);
      };
      await expect(
        createStory({
          db,
          userId: fx.users.owner.id,
          title,
          tags: { fandom: [tag] },
          characters: [{ name: 'Mark', color: '#1f6feb' }],
          onStep: failAfter,
        }),
      ).rejects.toThrow(`injected failure after ${step}`);
      expect(await leftovers(title, tag)).toEqual(nothing);
    },
  );

  it('two characters with one name are refused before anything is written, naming the row', async () => {
    const title = `Twins ${uniqueSuffix()}`;
    const call = h.caller(fx.users.owner).story.create({
      title,
      characters: [
        { name: 'Mark', color: '#1f6feb' },
        { name: 'mark', color: '#b35900' },
      ],
    });
    expect((await trpcError(call)).code).toBe('CONFLICT');
    const cause = (await trpcError(call)).cause;
    expect(cause instanceof ServiceError && cause.details.fieldErrors).toEqual({
      'characters.1.name': ['Another character has this name.'],
    });
    expect(await leftovers(title, '-')).toEqual(nothing);
  });
});

describe('saving a story’s details with its tags', () => {
  it('writes the fields and the tags together', async () => {
    const tag = `Saved ${uniqueSuffix()}`;
    await h
      .caller(fx.users.owner)
      .story.update({ storyId: fx.storyId, title: 'Saved title', tags: { fandom: [tag] } });
    const story = await db.prisma.story.findUniqueOrThrow({
      where: { id: fx.storyId },
      select: { title: true, tags: { select: { tag: { select: { name: true } } } } },
    });
    expect(story).toEqual({ title: 'Saved title', tags: [{ tag: { name: tag } }] });
  });

  it('a failure after the story row leaves the title and the tags as they were', async () => {
    const before = await db.prisma.story.findUniqueOrThrow({
      where: { id: fx.storyId },
      select: { title: true, tags: { select: { tagId: true } } },
    });
    const tag = `Never ${uniqueSuffix()}`;
    await expect(
      updateStory({
        db,
        userId: fx.users.owner.id,
        storyId: fx.storyId,
        title: 'Never saved',
        tags: { fandom: [tag] },
        onStep: () => {
          throw new Error('injected failure after the story row');
        },
      }),
    ).rejects.toThrow('injected failure');
    const after = await db.prisma.story.findUniqueOrThrow({
      where: { id: fx.storyId },
      select: { title: true, tags: { select: { tagId: true } } },
    });
    expect(after).toEqual(before);
    expect(await db.prisma.tag.count({ where: { name: tag } })).toBe(0);
  });
});

describe('importing a story', () => {
  const file = (title: string, tag: string) =>
    [
      '---',
      `title: ${JSON.stringify(title)}`,
      `tags: ${JSON.stringify({ fandom: [tag] })}`,
      `characters: ${JSON.stringify([
        { name: 'Mark', color: '#1f6feb', aliases: [] },
        { name: 'Lexie', color: '#b35900', aliases: [] },
      ])}`,
      '---',
      '',
      '# One',
      '',
      directives(['Mark opens the ledger.'], ['Lexie reads it.']),
      '# Two',
      '',
      directives(['Mark closes the ledger.'], ['Lexie sleeps.']),
    ].join('\n');

  it('writes the story, its characters, tags and chapters', async () => {
    const title = `Imported ${uniqueSuffix()}`;
    const tag = `Fandom ${uniqueSuffix()}`;
    const { storyId, chapters } = await importStory({
      db,
      userId: fx.users.owner.id,
      markdown: file(title, tag),
    });
    expect(chapters).toBe(2);
    expect(await leftovers(title, tag)).toEqual({
      stories: 1,
      members: 1,
      characters: 2,
      storyTags: 1,
      tags: 1,
      chapters: 2,
    });
    // The segments point at the story's own characters.
    const narrators = await db.prisma.segment.findMany({
      where: { revision: { chapter: { storyId } } },
      select: { character: { select: { name: true, storyId: true } } },
      distinct: ['characterId'],
    });
    expect(narrators.map((n) => n.character?.storyId)).toEqual([storyId, storyId]);
  });

  it('a failure after the first chapter leaves nothing behind: no story, characters, tags or chapters', async () => {
    const title = `Broken ${uniqueSuffix()}`;
    const tag = `Fandom ${uniqueSuffix()}`;
    await expect(
      importStory({
        db,
        userId: fx.users.owner.id,
        markdown: file(title, tag),
        onChapter: (index) => {
          if (index === 0) throw new Error('injected failure after the first chapter');
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(await leftovers(title, tag)).toEqual(nothing);
    expect(await db.prisma.chapterRevision.count({ where: { chapter: { story: { title } } } })).toBe(0);
  });
});

describe('moving a chapter', () => {
  it('swaps it with its neighbour, worked out by the service; at the edge nothing moves', async () => {
    const order = async () =>
      (
        await db.prisma.chapter.findMany({
          where: { storyId: fx.storyId },
          orderBy: { position: 'asc' },
          select: { id: true },
        })
      ).map((c) => c.id);
    const start = await order();
    const [first, second] = start as [string, string];
    expect(
      await moveChapter({
        db,
        userId: fx.users.coauthor.id,
        storyId: fx.storyId,
        chapterId: first,
        direction: -1,
      }),
    ).toEqual({ position: null });
    expect(await order()).toEqual(start);
    expect(
      await moveChapter({
        db,
        userId: fx.users.coauthor.id,
        storyId: fx.storyId,
        chapterId: second,
        direction: -1,
      }),
    ).toEqual({ position: 1 });
    expect(await order()).toEqual([second, first, ...start.slice(2)]);
    await moveChapter({
      db,
      userId: fx.users.owner.id,
      storyId: fx.storyId,
      chapterId: second,
      direction: 1,
    });
    expect(await order()).toEqual(start);
    await expect(
      moveChapter({
        db,
        userId: fx.users.owner.id,
        storyId: fx.storyId,
        chapterId: 'not-a-chapter',
        direction: 1,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

async function firstPassageKey(chapterId: string): Promise<string> {
  const { currentRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { currentRevisionId: true },
  });
  const passage = await db.prisma.passage.findFirstOrThrow({
    where: { revisionId: currentRevisionId ?? '' },
    orderBy: { position: 'asc' },
    select: { key: true },
  });
  return passage.key;
}

describe('live events of a transaction', () => {
  /** The same database, with its publications recorded instead of sent, and its commits noted. */
  function recording(): { db: Database; published: unknown[]; log: string[] } {
    const published: unknown[] = [];
    const log: string[] = [];
    const prisma = new Proxy(db.prisma, {
      get(target, key, receiver) {
        if (key !== '$transaction') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<typeof target.$transaction>) => {
          const result = await (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
          log.push('committed');
          return result;
        };
      },
    });
    const publish = (_channel: string, payload: unknown) => {
      published.push(payload);
      log.push('published');
      return Promise.resolve();
    };
    return { published, log, db: { ...db, prisma, pubsub: { ...db.pubsub, publish } } };
  }

  it('are published after the commit, and never for a transaction that rolled back', async () => {
    const rec = recording();
    await expect(
      inTransaction(rec.db, async (tx) => {
        tx.live.accessChange([fx.draftChapterId]);
        tx.live.chapterEvent({ kind: 'comment.created', chapterId: fx.draftChapterId });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(rec.published).toEqual([]);

    await inTransaction(rec.db, async (tx) => {
      tx.live.chapterEvent({ kind: 'comment.created', chapterId: fx.draftChapterId });
      tx.live.accessChange([fx.draftChapterId, fx.draftChapterId]);
    });
    expect(rec.log).toEqual(['committed', 'published', 'published']);
    expect(rec.published).toEqual([
      { kind: 'comment.created', chapterId: fx.draftChapterId },
      { kind: 'access.changed', chapterId: fx.draftChapterId },
    ]);
  });
  it('an event built after the commit goes out bare if building it fails', async () => {
    const rec = recording();
    await inTransaction(rec.db, async (tx) => {
      tx.live.chapterEvent({ kind: 'comment.updated', chapterId: fx.draftChapterId }, () =>
        Promise.resolve({ count: 3 }),
      );
      tx.live.chapterEvent({ kind: 'comment.deleted', chapterId: fx.draftChapterId }, () =>
        Promise.reject(new Error('the read failed')),
      );
    });
    expect(rec.published).toEqual([
      { kind: 'comment.updated', chapterId: fx.draftChapterId, count: 3 },
      { kind: 'comment.deleted', chapterId: fx.draftChapterId },
    ]);
  });

  it('comment and moderation services publish through it: after their commit, nothing when refused', async () => {
    const rec = recording();
    const now = new Date();
    const { id } = await createComment({
      db: rec.db,
      userId: fx.users.owner.id,
      chapterId: fx.draftChapterId,
      passageKey: await firstPassageKey(fx.draftChapterId),
      body: 'A note to self.',
      type: 'critique',
      visibility: 'public',
      now,
    });
    // (the rate limit's own transaction comes first)
    expect(rec.log.slice(-2)).toEqual(['committed', 'published']);
    expect(rec.published).toMatchObject([{ kind: 'comment.created', commentId: id }]);

    // A beta reader may not moderate: refused inside the transaction, so nothing is published.
    await expect(
      setCommentStatus({ db: rec.db, userId: fx.users.beta.id, commentId: id, status: 'hidden', now }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(rec.published).toHaveLength(1);

    await setCommentStatus({ db: rec.db, userId: fx.users.owner.id, commentId: id, status: 'hidden', now });
    expect(rec.log.slice(-2)).toEqual(['committed', 'published']);
    expect(rec.published.at(-1)).toMatchObject({ kind: 'comment.hidden', commentId: id });
  });
});
