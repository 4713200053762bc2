// Feedback as a to-do list: editors mark critiques, typos and beta feedback accepted, resolved
// or dismissed; "still open" = open + accepted. Nobody else can change the state.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPassages, select } from './comment-helpers';
import { harness, outcome, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('feedback to-do', () => {
  let fx: StoryFixture;
  let critique: string;
  let typo: string;
  let reaction: string;
  let beta: string;
  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const chapterId = fx.liveChapterId;
    const passages = await readPassages(h, fx.users.reader, chapterId);
    const reader = h.caller(fx.users.reader);
    ({ id: critique } = await reader.comment.create({
      chapterId,
      ...select(passages, 'opens the ledger'),
      body: 'This drags.',
      type: 'critique',
      visibility: 'public',
    }));
    ({ id: typo } = await reader.comment.create({
      chapterId,
      ...select(passages, 'Lexie'),
      body: 'Typo?',
      type: 'typo',
      visibility: 'public',
    }));
    ({ id: reaction } = await reader.comment.create({
      chapterId,
      ...select(passages, 'Mark'),
      body: 'Love it',
      type: 'reaction',
      visibility: 'public',
    }));
    const owner = h.caller(fx.users.owner);
    const { id: roundId } = await owner.beta.open({ chapterId });
    const betaReader = await h.user('betar');
    await owner.beta.invite({ roundId, username: betaReader.username });
    const key = (await h.caller(betaReader).beta.read({ roundId })).segments[0]!.passages[0]!.key;
    ({ id: beta } = await h
      .caller(betaReader)
      .beta.comment({ roundId, passageKey: key, body: 'Round note', type: 'reaction' }));
  });

  it('lists critiques, typos and beta feedback (not reactions), open first, with where they land', async () => {
    const todo = await h.caller(fx.users.owner).feedback.todo({ chapterId: fx.liveChapterId });
    expect(todo.items.map((i) => i.id).sort()).toEqual([critique, typo, beta].sort());
    expect(todo.items.map((i) => i.id)).not.toContain(reaction);
    expect(todo.counts).toEqual({ open: 3, accepted: 0, resolved: 0, dismissed: 0, stillOpen: 3 });
    const c = todo.items.find((i) => i.id === critique)!;
    expect(c).toMatchObject({ source: 'public', quote: 'opens the ledger', landsOn: { outdated: false } });
    expect(c.landsOn.passageText!.slice(c.landsOn.start!, c.landsOn.end!)).toBe('opens the ledger');
    expect(todo.items.find((i) => i.id === beta)!.source).toBe('beta');
  });

  it('lets editors change the state; the still-open count follows', async () => {
    const owner = h.caller(fx.users.owner);
    const coauthor = h.caller(fx.users.coauthor);
    expect(await owner.feedback.setResolution({ commentId: critique, resolution: 'resolved' })).toMatchObject(
      { resolution: 'resolved', stillOpen: 2 },
    );
    expect(await coauthor.feedback.setResolution({ commentId: typo, resolution: 'accepted' })).toMatchObject({
      stillOpen: 2,
    });
    expect(await coauthor.feedback.setResolution({ commentId: beta, resolution: 'dismissed' })).toMatchObject(
      { stillOpen: 1 },
    );
    let todo = await owner.feedback.todo({ chapterId: fx.liveChapterId });
    expect(todo.counts).toEqual({ open: 0, accepted: 1, resolved: 1, dismissed: 1, stillOpen: 1 });
    expect(todo.items.map((i) => i.resolution)).toEqual(['accepted', 'resolved', 'dismissed']);
    expect(todo.items.find((i) => i.id === critique)!.resolvedBy).toEqual({
      username: fx.users.owner.username,
    });

    await owner.feedback.setResolution({ commentId: critique, resolution: 'open' });
    todo = await owner.feedback.todo({ chapterId: fx.liveChapterId });
    expect(todo.counts.stillOpen).toBe(2);
    expect(todo.items[0]).toMatchObject({
      id: critique,
      resolution: 'open',
      resolvedBy: null,
      resolvedAt: null,
    });
  });

  it('refuses everyone but the editors', async () => {
    for (const user of [fx.users.reader, fx.users.beta, fx.users.other]) {
      expect(
        await outcome(() =>
          h.caller(user).feedback.setResolution({ commentId: critique, resolution: 'dismissed' }),
        ),
      ).toBe('FORBIDDEN');
      expect(await outcome(() => h.caller(user).feedback.todo({ chapterId: fx.liveChapterId }))).toBe(
        'FORBIDDEN',
      );
      // Beta feedback does not exist for them at all.
      expect(
        await outcome(() =>
          h.caller(user).feedback.setResolution({ commentId: beta, resolution: 'dismissed' }),
        ),
      ).toBe('NOT_FOUND');
    }
    expect(
      await outcome(() =>
        h.caller(null).feedback.setResolution({ commentId: critique, resolution: 'dismissed' }),
      ),
    ).toBe('UNAUTHORIZED');
    const row = await db.prisma.inlineComment.findUniqueOrThrow({
      where: { id: critique },
      select: { resolution: true },
    });
    expect(row.resolution).toBe('open');
  });

  it('keeps reactions and replies off the list', async () => {
    const owner = h.caller(fx.users.owner);
    expect(
      (await trpcError(owner.feedback.setResolution({ commentId: reaction, resolution: 'resolved' }))).code,
    ).toBe('BAD_REQUEST');
    const { id: reply } = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      parentId: critique,
      body: 'Also this',
      type: 'critique',
      visibility: 'public',
    });
    expect(
      (await trpcError(owner.feedback.setResolution({ commentId: reply, resolution: 'resolved' }))).code,
    ).toBe('BAD_REQUEST');
  });

  it('never changes public comment counts or lists', async () => {
    const before = await h.caller(null).comment.counts({ chapterId: fx.liveChapterId });
    await h.caller(fx.users.owner).feedback.setResolution({ commentId: typo, resolution: 'resolved' });
    expect(await h.caller(null).comment.counts({ chapterId: fx.liveChapterId })).toEqual(before);
  });
});
