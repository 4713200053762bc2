// The re-anchoring golden flow through the services: comments written on revision 1 stay on the
// same words after an edit, or are marked outdated, never silently dropped nor moved to wrong words.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPassages, select } from './comment-helpers';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const A = 'Mark wound the lamp at dusk and wrote teh hour in the ledger, as the keepers before him had done.';
const A_FIXED =
  'Mark wound the lamp at dusk and wrote the hour in the ledger, as the keepers before him had done.';
const B = 'The glass was cold; the gulls had gone quiet over the rocks below the gallery.';
const C = 'Lexie found the ledger open at a page that should have been blank since the spring.';
const D = 'Someone had written tomorrow’s date, and the name of a ship she did not know.';
const INSERTED = 'A new paragraph arrives between the two scenes, with words of its own and no comments yet.';
const E = 'She closed the book and sat with her hands flat on the cover until the kettle sang.';

const upload = (mark: string[], lexie: string[]) => ({
  source: directives(mark, lexie),
  format: 'markdown' as const,
});

describe('re-anchoring on edit (golden flow)', () => {
  let fx: StoryFixture;
  let chapterId: string;
  const ids = { a: '', b: '', c: '', reply: '' };

  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    ({ chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'The Hour',
      upload: upload([A, B], [C, D, E]),
    }));
    await owner.chapter.publish({ chapterId });

    const passages = await readPassages(h, fx.users.reader, chapterId);
    const reader = h.caller(fx.users.reader);
    ids.a = (
      await reader.comment.create({
        chapterId,
        ...select(passages, 'wrote teh hour in the ledger'),
        body: 'Typo here!',
        type: 'typo',
        visibility: 'public',
      })
    ).id;
    ids.b = (
      await reader.comment.create({
        chapterId,
        passageKey: select(passages, B).passageKey,
        body: 'Lovely image.',
        type: 'reaction',
        visibility: 'public',
      })
    ).id;
    ids.c = (
      await reader.comment.create({
        chapterId,
        ...select(passages, 'should have been blank'),
        body: 'Ominous.',
        type: 'reaction',
        visibility: 'public',
      })
    ).id;
    ids.reply = (
      await h.caller(fx.users.other).comment.create({
        chapterId,
        parentId: ids.c,
        body: 'Agreed',
        type: 'reaction',
        visibility: 'public',
      })
    ).id;

    // Light edit of A (typo fix), C deleted, a paragraph inserted before Lexie's scene.
    await owner.chapter.edit({ chapterId, upload: upload([A_FIXED, B, INSERTED], [D, E]) });
  });

  async function placementsOnCurrent() {
    const chapter = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: chapterId },
      select: { currentRevisionId: true },
    });
    const rows = await db.prisma.commentPlacement.findMany({
      where: { revisionId: chapter.currentRevisionId! },
    });
    return new Map(rows.map((r) => [r.commentId, r]));
  }

  it('stores a placement for every comment, in the edit’s transaction, on the same words', async () => {
    const placements = await placementsOnCurrent();
    expect(placements.size).toBe(4);
    const draft = await readPassages(h, fx.users.owner, chapterId, true);
    const textOf = (key: string | null) => draft.find((p) => p.key === key)?.text ?? '';

    const a = placements.get(ids.a)!;
    expect(['exact', 'moved', 'fuzzy']).toContain(a.method);
    // The typo fix is inside the quote: the placement covers the corrected words.
    expect(textOf(a.passageKey).slice(a.startOffset!, a.endOffset!)).toBe('wrote the hour in the ledger');

    const b = placements.get(ids.b)!;
    expect(b).toMatchObject({ method: 'exact', score: 1, startOffset: 0, endOffset: B.length });
    expect(textOf(b.passageKey)).toBe(B);

    const c = placements.get(ids.c)!;
    expect(c).toMatchObject({ method: 'orphaned', passageKey: null, startOffset: null, endOffset: null });
    expect(placements.get(ids.reply)).toMatchObject({ method: 'orphaned', passageKey: null });
    // Nothing was deleted.
    expect(await db.prisma.inlineComment.count({ where: { chapterId, status: 'visible' } })).toBe(4);
  });

  it('lists C for the editors as outdated, with its quote and the revision it was written on', async () => {
    const outdated = await h.caller(fx.users.coauthor).comment.outdated({ chapterId });
    expect(outdated.revision.number).toBe(2);
    expect(outdated.comments.map((c) => [c.id, c.quote, c.writtenOnRevision, c.replyCount])).toEqual([
      [ids.c, 'should have been blank', 1, 1],
    ]);
    // The tray shows what the comment was about: its passage as it read on revision 1.
    expect(outdated.comments[0]!.passageText).toBe(C);
  });

  it('readers keep the published revision until it is republished, then see C marked outdated', async () => {
    const before = await h.caller(fx.users.other).comment.list({ chapterId });
    expect(before.revision.number).toBe(1);
    expect(before.threads.every((t) => !t.outdated && t.method === 'exact')).toBe(true);

    await h.caller(fx.users.owner).chapter.publish({ chapterId });
    const after = await h.caller(null).comment.list({ chapterId });
    expect(after.revision).toMatchObject({ number: 2, which: 'published' });
    const passages = await readPassages(h, null, chapterId);
    const byId = new Map(after.threads.map((t) => [t.id, t]));
    expect(byId.size).toBe(3);
    const a = byId.get(ids.a)!;
    expect(passages.find((p) => p.key === a.passageKey)!.text.slice(a.start!, a.end!)).toBe(
      'wrote the hour in the ledger',
    );
    expect(a.quote).toBe('wrote teh hour in the ledger');
    expect(byId.get(ids.b)).toMatchObject({ method: 'exact', outdated: false, start: 0, end: B.length });
    const c = byId.get(ids.c)!;
    expect(c).toMatchObject({
      outdated: true,
      method: 'orphaned',
      passageKey: null,
      quote: 'should have been blank',
      writtenOnRevision: 1,
    });
    expect(c.replies.map((r) => r.body)).toEqual(['Agreed']);
    // Outdated threads come last; counts put C's two comments under "outdated", not on a passage.
    expect(after.threads.at(-1)!.id).toBe(ids.c);
    const counts = await h.caller(null).comment.counts({ chapterId });
    expect(counts.outdated).toBe(2);
    expect(Object.values(counts.byPassage).reduce((x, y) => x + y, 0)).toBe(2);
    expect((await h.caller(null).reading.chapter({ chapterId })).outdatedCommentCount).toBe(2);
  });

  it('chains across further edits, and a comment written on the published text is placed on the newer draft at once', async () => {
    const owner = h.caller(fx.users.owner);
    // Draft 3 (unpublished): A moves after B; readers still read revision 2.
    await owner.chapter.edit({ chapterId, upload: upload([B, A_FIXED, INSERTED], [D, E]) });
    const published = await readPassages(h, fx.users.reader, chapterId);
    const late = await h.caller(fx.users.reader).comment.create({
      chapterId,
      ...select(published, 'sat with her hands flat'),
      body: 'Tense.',
      type: 'reaction',
      visibility: 'public',
    });
    const revisions = await db.prisma.chapterRevision.findMany({
      where: { chapterId },
      orderBy: { number: 'asc' },
      select: { id: true },
    });
    expect(late.revisionId).toBe(revisions[1]!.id);
    const onDraft = await db.prisma.commentPlacement.findUnique({
      where: { commentId_revisionId: { commentId: late.id, revisionId: revisions[2]!.id } },
    });
    expect(onDraft?.method).toBe('exact');

    // Revision 4: E lightly edited. Every thread chains from its placement on revision 3.
    await owner.chapter.edit({
      chapterId,
      upload: upload([B, A_FIXED, INSERTED], [D, E.replace('the kettle sang', 'the kettle began to sing')]),
    });
    const placements = await placementsOnCurrent();
    expect(placements.size).toBe(5);
    const draft = await readPassages(h, fx.users.owner, chapterId, true);
    const words = (id: string) => {
      const p = placements.get(id)!;
      return draft.find((x) => x.key === p.passageKey)?.text.slice(p.startOffset!, p.endOffset!);
    };
    expect(words(ids.a)).toBe('wrote the hour in the ledger');
    expect(words(ids.b)).toBe(B);
    expect(words(late.id)).toBe('sat with her hands flat');
    expect(placements.get(ids.c)!.method).toBe('orphaned');
  });
});
