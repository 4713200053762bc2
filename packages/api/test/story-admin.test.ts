// Members, characters, chapter order and visibility changes, through createCaller.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directives, harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('story administration', () => {
  it('a beta reader reads drafts, revisions and diffs but cannot edit', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    const beta = h.caller(fx.users.beta);
    await owner.chapter.edit({
      chapterId: fx.liveChapterId,
      upload: {
        source: directives(['Mark opens the ledger again.'], ['Lexie opens the ledger.']),
        format: 'markdown',
      },
    });

    // Readers still get the published revision; the beta reader can ask for the draft.
    expect(
      (await h.caller(fx.users.reader).reading.chapter({ chapterId: fx.liveChapterId })).chapter.revision
        .number,
    ).toBe(1);
    const draft = await beta.reading.chapter({ chapterId: fx.liveChapterId, draft: true });
    expect(draft.chapter.revision.number).toBe(2);
    expect(draft.chapter.isDraft).toBe(true);
    expect((await beta.reading.chapter({ chapterId: fx.draftChapterId })).chapter.status).toBe('draft');
    expect(
      (await beta.chapter.diff({ chapterId: fx.liveChapterId, from: 1, to: 2 })).passages.changed.length,
    ).toBeGreaterThan(0);
    expect(
      (
        await trpcError(
          beta.chapter.edit({ chapterId: fx.liveChapterId, upload: { source: 'x', format: 'markdown' } }),
        )
      ).code,
    ).toBe('FORBIDDEN');

    // Removing the beta reader makes the drafts disappear for them.
    await owner.story.removeMember({ storyId: fx.storyId, userId: fx.users.beta.id });
    expect((await trpcError(beta.reading.chapter({ chapterId: fx.draftChapterId }))).code).toBe('NOT_FOUND');
  });

  it('characters: unique names, valid colours, no removal while narrating', async () => {
    const fx = await storyFixture(h, 'private');
    const coauthor = h.caller(fx.users.coauthor);
    expect(
      (await trpcError(coauthor.story.addCharacter({ storyId: fx.storyId, name: 'Mark', color: '#000000' })))
        .code,
    ).toBe('CONFLICT');
    expect(
      (
        await trpcError(
          coauthor.story.removeCharacter({ storyId: fx.storyId, characterId: fx.characters.mark }),
        )
      ).code,
    ).toBe('CONFLICT');
    await coauthor.story.removeCharacter({ storyId: fx.storyId, characterId: fx.characters.unused });
    const reordered = await coauthor.story.reorderCharacters({
      storyId: fx.storyId,
      characterIds: [fx.characters.lexie, fx.characters.mark],
    });
    expect(reordered.map((c) => c.name)).toEqual(['Lexie', 'Mark']);
    expect(
      (
        await trpcError(
          coauthor.story.reorderCharacters({ storyId: fx.storyId, characterIds: [fx.characters.lexie] }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    // A character from another story is not found here.
    const other = await storyFixture(h, 'private');
    expect(
      (
        await trpcError(
          coauthor.story.updateCharacter({
            storyId: fx.storyId,
            characterId: other.characters.mark,
            color: '#ffffff',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('chapters reorder, delete and unpublish; stories unpublish', async () => {
    const fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    const anonymous = h.caller(null);
    const third = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'Three',
      upload: { source: directives(['Mark.'], ['Lexie.']), format: 'markdown' },
    });
    await owner.chapter.reorder({
      storyId: fx.storyId,
      chapterIds: [third.chapterId, fx.liveChapterId, fx.draftChapterId],
    });
    expect((await owner.reading.toc({ slug: fx.slug })).chapters.map((c) => c.title)).toEqual([
      'Three',
      'One',
      'Two',
    ]);
    await owner.chapter.delete({ chapterId: third.chapterId });
    const positions = await db.prisma.chapter.findMany({
      where: { storyId: fx.storyId },
      orderBy: { position: 'asc' },
      select: { title: true, position: true },
    });
    expect(positions).toEqual([
      { title: 'One', position: 1 },
      { title: 'Two', position: 2 },
    ]);

    expect((await anonymous.reading.toc({ slug: fx.slug })).chapters).toHaveLength(1);
    await owner.chapter.unpublish({ chapterId: fx.liveChapterId });
    expect((await anonymous.reading.toc({ slug: fx.slug })).chapters).toHaveLength(0);
    await owner.story.unpublish({ storyId: fx.storyId });
    expect((await trpcError(anonymous.story.bySlug({ slug: fx.slug }))).code).toBe('NOT_FOUND');
    expect((await owner.story.bySlug({ slug: fx.slug })).visibility).toBe('private');
  });

  it('a chosen slug that is taken is a conflict; a derived one gets a suffix', async () => {
    const user = await h.user('slugs');
    const caller = h.caller(user);
    const first = await caller.story.create({ title: `Same Title ${user.username}` });
    const second = await caller.story.create({ title: `Same Title ${user.username}` });
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug.startsWith(first.slug)).toBe(true);
    const taken = await trpcError(caller.story.create({ title: 'Other', slug: first.slug }));
    expect(taken.code).toBe('CONFLICT');
  });
});
