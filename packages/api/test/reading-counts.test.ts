// The reading page's per-passage comment counts (reading.chapter) must agree with where
// comment.list places the same threads, whichever way a thread is placed: written on the revision
// read, re-anchored onto it by an edit, or located on the fly (written on a newer draft). And the
// revision text kept in memory must never serve what can change: a POV character's name.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadView } from '../src/services/comment/list-comments';
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
const upload = (mark: string[], lexie: string[]) => ({
  source: directives(mark, lexie),
  format: 'markdown' as const,
});

/** Public, visible comments per passage as a reader sees the threads: root (if shown) + replies. */
function countsFromThreads(threads: ThreadView[]): { byPassage: Record<string, number>; outdated: number } {
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  for (const t of threads) {
    const n =
      (t.root.status === 'visible' && t.root.visibility === 'public' ? 1 : 0) +
      t.replies.filter((r) => r.visibility === 'public' && r.status === 'visible').length;
    if (n === 0) continue;
    if (t.outdated || t.passageKey === null) outdated += n;
    else byPassage[t.passageKey] = (byPassage[t.passageKey] ?? 0) + n;
  }
  return { byPassage, outdated };
}

describe('comment counts on the reading page', () => {
  let fx: StoryFixture;
  let chapterId: string;

  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    ({ chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'Counts',
      upload: upload([A, B], [C, D]),
    }));
    await owner.chapter.publish({ chapterId });
  });

  it('agree with comment.list for written, re-anchored, located, replied, hidden and outdated threads', async () => {
    const reader = h.caller(fx.users.reader);
    const v1 = await readPassages(h, fx.users.reader, chapterId);
    // Written on revision 1 (published): a phrase, a whole passage, one with a reply, one hidden with a reply.
    const typo = await reader.comment.create({
      chapterId,
      ...select(v1, 'wrote teh hour'),
      body: 'Typo',
      type: 'typo',
      visibility: 'public',
    });
    await reader.comment.create({
      chapterId,
      passageKey: select(v1, B).passageKey,
      body: 'Lovely',
      type: 'reaction',
      visibility: 'public',
    });
    const blank = await reader.comment.create({
      chapterId,
      ...select(v1, 'should have been blank'),
      body: 'Ominous',
      type: 'reaction',
      visibility: 'public',
    });
    await h.caller(fx.users.other).comment.create({
      chapterId,
      parentId: blank.id,
      body: 'Agreed',
      type: 'reaction',
      visibility: 'public',
    });
    const hidden = await reader.comment.create({
      chapterId,
      ...select(v1, 'name of a ship'),
      body: 'Hidden later',
      type: 'critique',
      visibility: 'public',
    });
    await h.caller(fx.users.other).comment.create({
      chapterId,
      parentId: hidden.id,
      body: 'A reply that stays',
      type: 'reaction',
      visibility: 'public',
    });
    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: hidden.id, status: 'hidden' });
    // A private note never counts.
    await reader.comment.create({
      chapterId,
      ...select(v1, 'gulls had gone quiet'),
      body: 'Note to self',
      type: 'reaction',
      visibility: 'private',
    });

    // Revision 2 fixes the typo and deletes C; it is published, so revision-1 threads are re-anchored onto it.
    const owner = h.caller(fx.users.owner);
    await owner.chapter.edit({ chapterId, upload: upload([A_FIXED, B], [D]) });
    await owner.chapter.publish({ chapterId });
    // Revision 3 is a draft; a co-author comments on it publicly: readers of revision 2 see it located on the fly.
    await owner.chapter.edit({ chapterId, upload: upload([B, A_FIXED], [D]) });
    const draft = await readPassages(h, fx.users.coauthor, chapterId, true);
    const located = await h.caller(fx.users.coauthor).comment.create({
      chapterId,
      ...select(draft, 'the gulls had gone quiet'),
      body: 'From the draft',
      type: 'reaction',
      visibility: 'public',
      revision: 'current',
    });

    const chapter = await h.caller(null).reading.chapter({ chapterId });
    const list = await h.caller(null).comment.list({ chapterId });
    expect(list.revision.id).toBe(chapter.chapter.revision.id);
    const methods = new Map(list.threads.map((t) => [t.id, t.method]));
    expect(methods.get(typo.id)).toBe('fuzzy'); // re-anchored by the edit, not written on revision 2
    expect(list.threads.find((t) => t.id === located.id)?.passageKey).toBe(
      select(await readPassages(h, null, chapterId), B).passageKey,
    );
    expect(list.threads.find((t) => t.id === blank.id)?.outdated).toBe(true);

    const expected = countsFromThreads(list.threads);
    expect(chapter.commentCounts).toEqual(expected.byPassage);
    expect(chapter.outdatedCommentCount).toBe(expected.outdated);
    // By hand: typo 1 (A), whole-passage 1 + located 1 (B), hidden root's reply 1 (D); "blank" + reply outdated.
    const v2 = await readPassages(h, null, chapterId);
    expect(chapter.commentCounts).toEqual({
      [select(v2, 'wrote the hour').passageKey]: 1,
      [select(v2, B).passageKey]: 2,
      [select(v2, D).passageKey]: 1,
    });
    expect(chapter.outdatedCommentCount).toBe(2);
    // The same figures through the dedicated counts procedure.
    const counts = await h.caller(null).comment.counts({ chapterId });
    expect(counts.byPassage).toEqual(chapter.commentCounts);
    expect(counts.outdated).toBe(2);
  });

  it('shows a renamed or recoloured POV character on text already read (the revision text is kept in memory)', async () => {
    const before = await h.caller(null).reading.chapter({ chapterId });
    expect(before.legend.map((l) => l.name)).toContain('Mark');
    await h.caller(fx.users.owner).story.updateCharacter({
      storyId: fx.storyId,
      characterId: fx.characters.mark,
      name: 'Marcus',
      color: '#0b7285',
    });
    const after = await h.caller(null).reading.chapter({ chapterId });
    expect(after.chapter.revision.id).toBe(before.chapter.revision.id);
    expect(after.legend.find((l) => l.name === 'Marcus')?.color).toBe('#0b7285');
    expect(after.segments.some((s) => s.pov?.name === 'Marcus')).toBe(true);
    expect(after.segments.some((s) => s.pov?.name === 'Mark')).toBe(false);
    expect(
      (await h.caller(null).reading.chapter({ chapterId, povOnly: 'marcus' })).segments.every(
        (s) => s.pov?.name === 'Marcus',
      ),
    ).toBe(true);
  });

  it('anonymous reads kept in memory follow every change: a new comment, moderation, a new name', async () => {
    const anonymous = h.caller(null);
    const passages = await readPassages(h, null, chapterId);
    const key = select(passages, B).passageKey;
    const before = await anonymous.reading.chapter({ chapterId });
    expect(await anonymous.comment.list({ chapterId })).toEqual(await anonymous.comment.list({ chapterId }));

    const { id } = await h.caller(fx.users.other).comment.create({
      chapterId,
      passageKey: key,
      body: 'Seen at once',
      type: 'reaction',
      visibility: 'public',
    });
    const after = await anonymous.reading.chapter({ chapterId });
    expect(after.commentCounts[key]).toBe((before.commentCounts[key] ?? 0) + 1);
    const listed = (await anonymous.comment.list({ chapterId })).threads.find((t) => t.id === id);
    expect(listed?.root.body).toBe('Seen at once');

    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: id, status: 'hidden' });
    expect((await anonymous.comment.list({ chapterId })).threads.find((t) => t.id === id)).toBeUndefined();
    expect((await anonymous.reading.chapter({ chapterId })).commentCounts[key]).toBe(
      before.commentCounts[key],
    );

    await h.caller(fx.users.owner).moderation.setCommentStatus({ commentId: id, status: 'visible' });
    await db.prisma.user.update({
      where: { id: fx.users.other.id },
      data: { displayName: 'Other, renamed' },
    });
    expect(
      (await anonymous.comment.list({ chapterId })).threads.find((t) => t.id === id)?.root.author
        ?.displayName,
    ).toBe('Other, renamed');
  });
});
