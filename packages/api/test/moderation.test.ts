// Moderation by the story's editors: hiding, deleting, reports. (Blocks, freezing and first-comment
// approval are covered with commenting in comments.test.ts.)
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('moderation', () => {
  it('editors hide, unhide and delete any comment; hidden ones stay visible to their author and editors', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens the ledger');
    const c = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Spoilers!',
      type: 'reaction',
      visibility: 'public',
    });
    const reply = await h.caller(fx.users.other).comment.create({
      chapterId: fx.liveChapterId,
      parentId: c.id,
      body: 'Hey!',
      type: 'reaction',
      visibility: 'public',
    });
    expect(
      (
        await trpcError(
          h.caller(fx.users.beta).moderation.setCommentStatus({ commentId: c.id, status: 'hidden' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await h.caller(fx.users.coauthor).moderation.setCommentStatus({ commentId: c.id, status: 'hidden' });

    const rootFor = async (user: typeof fx.users.reader | null) =>
      (await h.caller(user).comment.list({ chapterId: fx.liveChapterId })).threads.find((t) => t.id === c.id)
        ?.root;
    expect(await rootFor(null)).toMatchObject({ body: '[hidden by the author]', author: null });
    expect(await rootFor(fx.users.reader)).toMatchObject({ body: 'Spoilers!', status: 'hidden' });
    expect(await rootFor(fx.users.owner)).toMatchObject({ body: 'Spoilers!', status: 'hidden' });
    expect(
      (await h.caller(null).comment.counts({ chapterId: fx.liveChapterId })).byPassage[at.passageKey],
    ).toBe(1);

    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: c.id, status: 'visible' });
    expect(await rootFor(null)).toMatchObject({ body: 'Spoilers!' });
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: reply.id, status: 'deleted' });
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: c.id, status: 'deleted' });
    expect(await rootFor(fx.users.owner)).toBeUndefined();
    expect((await h.caller(null).comment.counts({ chapterId: fx.liveChapterId })).byPassage).toEqual({});
    // The rows stay (soft delete).
    expect(
      await db.prisma.inlineComment.count({ where: { id: { in: [c.id, reply.id] }, status: 'deleted' } }),
    ).toBe(2);
  });

  it('anyone logged in reports what they can see; the owner lists and resolves reports of their story only', async () => {
    const fx = await storyFixture(h, 'public');
    const elsewhere = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const c = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Spam spam',
      type: 'reaction',
      visibility: 'public',
    });
    const r = await h
      .caller(fx.users.reader)
      .review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay', body: 'Meh' });

    const first = await h
      .caller(fx.users.other)
      .moderation.report({ targetType: 'comment', targetId: c.id, reason: 'Spam' });
    expect(
      await h
        .caller(fx.users.other)
        .moderation.report({ targetType: 'comment', targetId: c.id, reason: 'Spam again' }),
    ).toEqual(first);
    await h
      .caller(fx.users.beta)
      .moderation.report({ targetType: 'review', targetId: r.id, reason: 'Unkind' });
    expect(
      (
        await trpcError(
          h.caller(null).moderation.report({ targetType: 'comment', targetId: c.id, reason: 'x' }),
        )
      ).code,
    ).toBe('UNAUTHORIZED');
    expect(
      (
        await trpcError(
          h
            .caller(fx.users.other)
            .moderation.report({ targetType: 'review', targetId: 'missing', reason: 'x' }),
        )
      ).code,
    ).toBe('NOT_FOUND');

    const reports = await h.caller(fx.users.owner).moderation.reports({ storyId: fx.storyId });
    expect(reports.map((x) => [x.targetType, x.reason, x.target?.body]).sort()).toEqual([
      ['comment', 'Spam', 'Spam spam'],
      ['review', 'Unkind', 'Meh'],
    ]);
    expect(await h.caller(elsewhere.users.owner).moderation.reports({ storyId: elsewhere.storyId })).toEqual(
      [],
    );
    expect(
      (await trpcError(h.caller(fx.users.coauthor).moderation.reports({ storyId: fx.storyId }))).code,
    ).toBe('FORBIDDEN');
    // A report id from another story is not found through this one.
    expect(
      (
        await trpcError(
          h
            .caller(elsewhere.users.owner)
            .moderation.resolveReport({ storyId: elsewhere.storyId, reportId: first.id }),
        )
      ).code,
    ).toBe('NOT_FOUND');

    await h.caller(fx.users.owner).moderation.resolveReport({ storyId: fx.storyId, reportId: first.id });
    expect(
      (await h.caller(fx.users.owner).moderation.reports({ storyId: fx.storyId })).map((x) => x.targetType),
    ).toEqual(['review']);
    expect(
      await h.caller(fx.users.owner).moderation.reports({ storyId: fx.storyId, includeResolved: true }),
    ).toHaveLength(2);
  });
});
