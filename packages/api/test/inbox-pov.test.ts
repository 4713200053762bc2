// The feedback inbox filters comments by the POV of the passage they were written on, stored on
// the comment by triggers (migration inbox_pov), and reads them by story (migration
// inbox_story_scan). Both must be set on every new comment; the POV follows a segment whose
// character changes. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackInbox } from '../src/services/dashboard/feedback-inbox';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
});
afterAll(async () => {
  await db?.close();
});

describe('inbox POV', () => {
  it('is set on new comments and follows a segment whose character changes', async () => {
    const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
    const reader = h.caller(fx.users.reader);
    const onLexie = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...select(passages, 'Lexie'),
      body: 'Hers.',
      type: 'reaction',
      visibility: 'public',
    });
    const onMark = await reader.comment.create({
      chapterId: fx.liveChapterId,
      ...select(passages, 'Mark'),
      body: 'His.',
      type: 'critique',
      visibility: 'public',
    });
    const inbox = async (povId?: string) =>
      (
        await feedbackInbox({
          db,
          userId: fx.users.owner.id,
          filters: { storyId: fx.storyId, kind: 'comment', ...(povId ? { povId } : {}) },
        })
      ).items.map((i) => i.id);

    expect(await inbox(fx.characters.lexie)).toEqual([onLexie.id]);
    expect(await inbox(fx.characters.mark)).toEqual([onMark.id]);

    // A segment changes character (no procedure reassigns one today, but deleting a character
    // that only narrates old revisions sets theirs to NULL through the foreign key): the
    // comments written on its passages follow, whichever way the segment was changed.
    await db.prisma.segment.updateMany({
      where: { characterId: fx.characters.lexie },
      data: { characterId: fx.characters.mark },
    });
    expect(await inbox(fx.characters.lexie)).toEqual([]);
    expect((await inbox(fx.characters.mark)).sort()).toEqual([onLexie.id, onMark.id].sort());
    await db.prisma.segment.updateMany({
      where: { characterId: fx.characters.mark },
      data: { characterId: null },
    });
    expect(await inbox(fx.characters.mark)).toEqual([]);
    expect((await inbox()).sort()).toEqual([onLexie.id, onMark.id].sort());
  });

  it('every comment carries what its passage and chapter say', async () => {
    const [row] = await db.prisma.$queryRaw<{ pov: number; story: number }[]>`
      SELECT count(*) FILTER (WHERE x."povCharacterId" IS DISTINCT FROM inline_comment_pov(x."revisionId", x."passageKey"))::int AS pov,
             count(*) FILTER (WHERE x."storyId" IS DISTINCT FROM c."storyId")::int AS story
      FROM "InlineComment" x JOIN "Chapter" c ON c.id = x."chapterId"`;
    expect(row).toEqual({ pov: 0, story: 0 });
  });
});
