// Inline comments through the API: anchoring on create, threads, visibility of private notes and
// pending comments, edit/delete, rate limits, blocks and frozen threads.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceError } from '../src/errors';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('inline comments', () => {
  let fx: StoryFixture;
  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
  });

  it('anchors a phrase server-side, in chapter coordinates, on the published revision', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const at = select(passages, 'opens the ledger');
    const reader = h.caller(fx.users.reader);
    const created = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Good verb.',
      type: 'reaction',
      visibility: 'public',
    });
    const chapter = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: fx.liveChapterId },
      select: { publishedRevisionId: true },
    });
    expect(created.revisionId).toBe(chapter.publishedRevisionId);

    const row = await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.quote).toBe('opens the ledger');
    // Chapter coordinates: the text passages joined with a blank line.
    const text = passages.map((p) => p.text).join('\n\n');
    const index = passages.findIndex((p) => p.key === at.passageKey);
    const base = passages.slice(0, index).reduce((n, p) => n + p.text.length + 2, 0);
    expect([row.startOffset, row.endOffset]).toEqual([base + at.start, base + at.end]);
    expect(text.slice(row.startOffset!, row.endOffset!)).toBe('opens the ledger');
    expect(row.prefix).toBe(text.slice(Math.max(0, base + at.start - 32), base + at.start));
    expect(row.suffix).toBe(text.slice(base + at.end, base + at.end + 32));

    const list = await h.caller(null).comment.list({ chapterId: fx.liveChapterId });
    const thread = list.threads.find((t) => t.id === created.id)!;
    expect(thread).toMatchObject({
      passageKey: at.passageKey,
      start: at.start,
      end: at.end,
      method: 'exact',
      outdated: false,
      quote: 'opens the ledger',
      writtenOnRevision: 1,
    });
    expect(thread.root).toMatchObject({
      body: 'Good verb.',
      author: { username: fx.users.reader.username },
      mine: false,
    });

    // Whole passage: no quote; bad selections are 400s with the field at fault.
    const whole = await reader.comment.create({
      chapterId: fx.liveChapterId,
      passageKey: passages[1]!.key,
      body: 'This whole bit.',
      type: 'critique',
      visibility: 'public',
    });
    expect((await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: whole.id } })).quote).toBeNull();
    const badKey = await trpcError(
      reader.comment.create({
        chapterId: fx.liveChapterId,
        passageKey: 'nope',
        body: 'x',
        type: 'reaction',
        visibility: 'public',
      }),
    );
    expect(badKey.code).toBe('BAD_REQUEST');
    expect(Object.keys((badKey.cause as ServiceError).details.fieldErrors ?? {})).toEqual(['passageKey']);
    const badRange = await trpcError(
      reader.comment.create({
        chapterId: fx.liveChapterId,
        passageKey: at.passageKey,
        start: 3,
        end: 999,
        body: 'x',
        type: 'reaction',
        visibility: 'public',
      }),
    );
    expect(badRange.code).toBe('BAD_REQUEST');
    expect(
      (
        await trpcError(
          reader.comment.create({
            chapterId: fx.liveChapterId,
            ...at,
            body: '   ',
            type: 'reaction',
            visibility: 'public',
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');

    const counts = await h.caller(null).comment.counts({ chapterId: fx.liveChapterId });
    expect(counts.byPassage[at.passageKey]).toBeGreaterThanOrEqual(1);
    const read = await h.caller(null).reading.chapter({ chapterId: fx.liveChapterId });
    expect(read.commentCounts).toEqual(counts.byPassage);
  });

  it('threads replies under their root with its anchor; a reply to a reply joins the root', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const at = select(passages, 'Lexie opens');
    const reader = h.caller(fx.users.reader);
    const root = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Root',
      type: 'reaction',
      visibility: 'public',
    });
    const reply = await h.caller(fx.users.owner).comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Author answer',
      type: 'reaction',
      visibility: 'public',
    });
    const nested = await h.caller(fx.users.other).comment.create({
      chapterId: fx.liveChapterId,
      parentId: reply.id,
      body: 'Me too',
      type: 'reaction',
      visibility: 'public',
    });
    expect(nested.parentId).toBe(root.id);
    const row = await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: nested.id } });
    expect([row.passageKey, row.quote]).toEqual([at.passageKey, 'Lexie opens']);

    const list = await h.caller(fx.users.other).comment.list({ chapterId: fx.liveChapterId });
    const thread = list.threads.find((t) => t.id === root.id)!;
    expect(thread.replies.map((r) => [r.body, r.mine])).toEqual([
      ['Author answer', false],
      ['Me too', true],
    ]);
    expect(list.threads.some((t) => t.id === reply.id)).toBe(false);
  });

  it('private notes are visible to the story’s side and their author only; replies in them stay private', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const note = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...select(passages, 'Mark opens'),
      body: 'Private: a typo?',
      type: 'typo',
      visibility: 'private',
    });
    const reply = await h.caller(fx.users.owner).comment.create({
      chapterId: fx.liveChapterId,
      parentId: note.id,
      body: 'Thanks, fixing',
      type: 'reaction',
      visibility: 'public',
    });
    expect(reply.visibility).toBe('private');

    const sees = async (user: typeof fx.users.reader | null) =>
      (await h.caller(user).comment.list({ chapterId: fx.liveChapterId })).threads.some(
        (t) => t.id === note.id,
      );
    expect(await sees(fx.users.reader)).toBe(true);
    expect(await sees(fx.users.owner)).toBe(true);
    expect(await sees(fx.users.coauthor)).toBe(true);
    expect(await sees(fx.users.beta)).toBe(true);
    expect(await sees(fx.users.other)).toBe(false);
    expect(await sees(null)).toBe(false);
    const counts = await h.caller(null).comment.counts({ chapterId: fx.liveChapterId });
    const publicOnly = await db.prisma.inlineComment.count({
      where: { chapterId: fx.liveChapterId, visibility: 'public', status: 'visible' },
    });
    expect(Object.values(counts.byPassage).reduce((a, b) => a + b, 0) + counts.outdated).toBe(publicOnly);

    // Someone who cannot see the note cannot reply to, edit or report it either: it does not exist for them.
    const other = h.caller(fx.users.other);
    expect(
      (
        await trpcError(
          other.comment.create({
            chapterId: fx.liveChapterId,
            parentId: note.id,
            body: 'x',
            type: 'reaction',
            visibility: 'public',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await trpcError(other.comment.update({ commentId: note.id, body: 'x' }))).code).toBe('NOT_FOUND');
    expect(
      (await trpcError(other.moderation.report({ targetType: 'comment', targetId: note.id, reason: 'x' })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('edits and soft-deletes own comments; a deleted root with replies shows as [deleted]', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const at = select(passages, 'the ledger');
    const reader = h.caller(fx.users.reader);
    const root = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'First take',
      type: 'reaction',
      visibility: 'public',
    });
    const lonely = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Nobody answers',
      type: 'reaction',
      visibility: 'public',
    });
    await h.caller(fx.users.other).comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Reply',
      type: 'reaction',
      visibility: 'public',
    });

    expect(
      (await trpcError(h.caller(fx.users.other).comment.update({ commentId: root.id, body: 'hijack' }))).code,
    ).toBe('FORBIDDEN');
    expect((await trpcError(h.caller(fx.users.owner).comment.delete({ commentId: root.id }))).code).toBe(
      'FORBIDDEN',
    );
    const edited = await reader.comment.update({ commentId: root.id, body: 'Second take', type: 'critique' });
    expect(edited.editedAt).toBeInstanceOf(Date);

    await reader.comment.delete({ commentId: root.id });
    await reader.comment.delete({ commentId: lonely.id });
    expect((await db.prisma.inlineComment.findUniqueOrThrow({ where: { id: root.id } })).status).toBe(
      'deleted',
    );
    const list = await h.caller(null).comment.list({ chapterId: fx.liveChapterId });
    const thread = list.threads.find((t) => t.id === root.id)!;
    expect(thread.root).toMatchObject({ body: '[deleted]', author: null, status: 'deleted' });
    expect(thread.replies.map((r) => r.body)).toEqual(['Reply']);
    expect(list.threads.some((t) => t.id === lonely.id)).toBe(false);
    expect((await trpcError(reader.comment.update({ commentId: root.id, body: 'back' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('no replies on a frozen thread; unfreezing allows them again', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const root = await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...select(passages, 'Mark'),
      body: 'Heated',
      type: 'critique',
      visibility: 'public',
    });
    const reply = await h.caller(fx.users.other).comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Hot take',
      type: 'critique',
      visibility: 'public',
    });
    // Freezing through a reply freezes its thread.
    expect(
      await h.caller(fx.users.coauthor).moderation.freeze({ commentId: reply.id, frozen: true }),
    ).toEqual({ id: root.id, frozen: true });
    const refused = await trpcError(
      h.caller(fx.users.other).comment.create({
        chapterId: fx.liveChapterId,
        parentId: root.id,
        body: 'More',
        type: 'critique',
        visibility: 'public',
      }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/frozen/);
    expect(
      (await h.caller(null).comment.list({ chapterId: fx.liveChapterId })).threads.find(
        (t) => t.id === root.id,
      )?.frozen,
    ).toBe(true);
    await h.caller(fx.users.owner).moderation.freeze({ commentId: root.id, frozen: false });
    await h.caller(fx.users.other).comment.create({
      chapterId: fx.liveChapterId,
      parentId: root.id,
      body: 'Calmer now',
      type: 'reaction',
      visibility: 'public',
    });
  });

  it('members comment on the draft they read; readers cannot reach a draft', async () => {
    const passages = await readPassages(h, fx.users.beta, fx.draftChapterId);
    const at = select(passages, 'closes the ledger');
    const beta = await h.caller(fx.users.beta).comment.create({
      chapterId: fx.draftChapterId,
      ...at,
      body: 'Beta note',
      type: 'critique',
      visibility: 'private',
    });
    const draft = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: fx.draftChapterId },
      select: { currentRevisionId: true },
    });
    expect(beta.revisionId).toBe(draft.currentRevisionId);
    expect(
      (
        await trpcError(
          h.caller(fx.users.reader).comment.create({
            chapterId: fx.draftChapterId,
            ...at,
            body: 'x',
            type: 'reaction',
            visibility: 'public',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (await trpcError(h.caller(fx.users.reader).comment.list({ chapterId: fx.draftChapterId }))).code,
    ).toBe('NOT_FOUND');
  });
});

describe('limits on commenting', () => {
  it('10 comments a minute per user, then 429 with retryAfterSeconds; the next window accepts again', async () => {
    const fx = await storyFixture(h, 'public');
    const t0 = new Date('2031-03-01T10:00:00Z');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const post = (now: Date) =>
      h.caller(fx.users.reader, { now: () => now }).comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: 'again',
        type: 'reaction',
        visibility: 'public',
      });
    for (let i = 0; i < 10; i++) await post(new Date(t0.getTime() + i * 1000));
    const refused = await trpcError(post(new Date(t0.getTime() + 15_000)));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect((refused.cause as ServiceError).details.retryAfterSeconds).toBe(45);
    expect(await db.prisma.inlineComment.count({ where: { authorId: fx.users.reader.id } })).toBe(10);
    // Another user is not affected; the same user is welcome after the window.
    await h.caller(fx.users.other, { now: () => new Date(t0.getTime() + 16_000) }).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'mine',
      type: 'reaction',
      visibility: 'public',
    });
    await post(new Date(t0.getTime() + 61_000));
  });

  it('a user blocked by the story’s owner can neither comment nor review, and is told why', async () => {
    const fx = await storyFixture(h, 'public');
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    await h.caller(fx.users.owner).moderation.block({ storyId: fx.storyId, userId: fx.users.reader.id });
    expect(
      (await h.caller(fx.users.owner).moderation.blocked({ storyId: fx.storyId })).map((u) => u.username),
    ).toEqual([fx.users.reader.username]);
    const comment = await trpcError(
      h.caller(fx.users.reader).comment.create({
        chapterId: fx.liveChapterId,
        ...at,
        body: 'x',
        type: 'reaction',
        visibility: 'public',
      }),
    );
    expect(comment.code).toBe('FORBIDDEN');
    expect(comment.message).toMatch(/blocked/);
    expect(
      (
        await trpcError(
          h.caller(fx.users.reader).review.upsert({ chapterId: fx.liveChapterId, verdict: 'nay' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    // Still a reader: reading and listing work.
    await h.caller(fx.users.reader).comment.list({ chapterId: fx.liveChapterId });
    // Members cannot be blocked; the owner unblocks.
    expect(
      (
        await trpcError(
          h.caller(fx.users.owner).moderation.block({ storyId: fx.storyId, userId: fx.users.beta.id }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    await h.caller(fx.users.owner).moderation.unblock({ storyId: fx.storyId, userId: fx.users.reader.id });
    await h.caller(fx.users.reader).comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'back',
      type: 'reaction',
      visibility: 'public',
    });
  });

  it('with approveFirstComments, a reader’s first comment waits: only its author and editors see it until approved', async () => {
    const fx = await storyFixture(h, 'public');
    await h.caller(fx.users.owner).moderation.setApproveFirstComments({ storyId: fx.storyId, enabled: true });
    const at = select(await readPassages(h, fx.users.reader, fx.liveChapterId), 'opens');
    const reader = h.caller(fx.users.reader);
    const first = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Hello?',
      type: 'reaction',
      visibility: 'public',
    });
    const second = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...at,
      body: 'Anyone?',
      type: 'reaction',
      visibility: 'public',
    });
    expect([first.status, second.status]).toEqual(['pending', 'pending']);
    // Members are trusted.
    expect(
      (
        await h.caller(fx.users.beta).comment.create({
          chapterId: fx.liveChapterId,
          ...at,
          body: 'Beta',
          type: 'reaction',
          visibility: 'public',
        })
      ).status,
    ).toBe('visible');

    const ids = async (user: typeof fx.users.reader | null) =>
      (await h.caller(user).comment.list({ chapterId: fx.liveChapterId })).threads.map((t) => t.id);
    expect(await ids(fx.users.reader)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await ids(fx.users.coauthor)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await ids(fx.users.other)).not.toContain(first.id);
    expect(await ids(fx.users.beta)).not.toContain(first.id);
    expect(await ids(null)).not.toContain(first.id);
    expect(
      (await h.caller(null).comment.counts({ chapterId: fx.liveChapterId })).byPassage[at.passageKey],
    ).toBe(1);

    const pending = await h.caller(fx.users.coauthor).moderation.pending({ storyId: fx.storyId });
    expect(pending.map((p) => p.id).sort()).toEqual([first.id, second.id].sort());
    await h.caller(fx.users.owner).moderation.approve({ commentId: first.id });
    await h.caller(fx.users.owner).moderation.reject({ commentId: second.id });
    expect(await ids(null)).toContain(first.id);
    expect(await ids(null)).not.toContain(second.id);
    expect((await trpcError(h.caller(fx.users.owner).moderation.approve({ commentId: first.id }))).code).toBe(
      'CONFLICT',
    );
    // Approved once: the reader's next comment is visible at once.
    expect(
      (
        await reader.comment.create({
          chapterId: fx.liveChapterId,
          ...at,
          body: 'Thanks',
          type: 'reaction',
          visibility: 'public',
        })
      ).status,
    ).toBe('visible');
  });
});
