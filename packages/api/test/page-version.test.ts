// The content version that anonymous page caches compare (services/reading/page-version.ts):
// every write a reader's page shows must change it in the same transaction, whatever wrote it;
// reads must not; time must (a scheduled chapter coming due); a story that is not public has none.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerPageVersion } from '../src/services/reading/page-version';
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

describe('reader page version', () => {
  let fx: StoryFixture;
  let other: StoryFixture;
  const version = (slug = fx.slug, now = new Date()) => readerPageVersion({ db, slug, now });

  /** Runs `write` and says whether the story's page version moved. */
  async function moves(write: () => Promise<unknown>, slug?: string): Promise<boolean> {
    const before = await version(slug);
    await write();
    const after = await version(slug);
    expect(after).not.toBeNull();
    return before !== after;
  }

  beforeAll(async () => {
    [fx, other] = await Promise.all([storyFixture(h, 'public'), storyFixture(h, 'public')]);
  });

  it('is null for unknown and private stories', async () => {
    expect(await version('no-such-story')).toBeNull();
    const secret = await storyFixture(h, 'private');
    expect(await version(secret.slug)).toBeNull();
    expect(await version()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('moves on every write a reader sees, and only on its own story', async () => {
    const owner = h.caller(fx.users.owner);
    const reader = h.caller(fx.users.reader);
    const chapterId = fx.liveChapterId;
    const passages = await readPassages(h, fx.users.reader, chapterId);
    const at = select(passages, passages[0]!.text.slice(0, 12));

    expect(await moves(() => reader.reading.recordRead({ chapterId }))).toBe(false);
    let commentId = '';
    expect(
      await moves(
        async () =>
          ({ id: commentId } = await reader.comment.create({
            chapterId,
            ...at,
            body: 'Lovely',
            type: 'reaction',
            visibility: 'public',
          })),
      ),
    ).toBe(true);
    expect(await moves(() => reader.comment.update({ commentId, body: 'Lovely, really' }))).toBe(true);
    expect(await moves(() => owner.moderation.setCommentStatus({ commentId, status: 'hidden' }))).toBe(true);
    let reviewId = '';
    expect(
      await moves(async () => ({ id: reviewId } = await reader.review.upsert({ chapterId, verdict: 'yay' }))),
    ).toBe(true);
    expect(await moves(() => owner.review.reply({ reviewId, body: 'Thank you!' }))).toBe(true);
    expect(await moves(() => owner.story.update({ storyId: fx.storyId, title: 'A new title' }))).toBe(true);
    expect(await moves(() => owner.story.setTags({ storyId: fx.storyId, freeform: ['lighthouses'] }))).toBe(
      true,
    );
    expect(
      await moves(() =>
        owner.story.updateCharacter({
          storyId: fx.storyId,
          characterId: fx.characters.mark,
          color: '#0b7285',
        }),
      ),
    ).toBe(true);
    expect(
      await moves(() =>
        owner.story.setMember({ storyId: fx.storyId, username: fx.users.beta.username, role: 'coauthor' }),
      ),
    ).toBe(true);
    expect(
      await moves(() =>
        owner.chapter.edit({
          chapterId,
          upload: { source: directives(['A new first line.'], ['And a second.']), format: 'markdown' },
        }),
      ),
    ).toBe(true);
    expect(await moves(() => owner.chapter.publish({ chapterId }))).toBe(true);
    // The announcement job's bookkeeping is not on any page; a chapter's title is.
    expect(
      await moves(() =>
        db.prisma.chapter.update({ where: { id: chapterId }, data: { announcedAt: new Date() } }),
      ),
    ).toBe(false);
    expect(
      await moves(() => db.prisma.chapter.update({ where: { id: chapterId }, data: { title: 'Retitled' } })),
    ).toBe(true);
    // Names are shown on every story: one counter for all of them.
    expect(
      await moves(() =>
        db.prisma.user.update({ where: { id: fx.users.reader.id }, data: { displayName: 'Reader Renamed' } }),
      ),
    ).toBe(true);
    expect(
      await moves(() =>
        db.prisma.user.update({
          where: { id: fx.users.reader.id },
          data: { email: `renamed-${fx.users.reader.id}@example.test`.toLowerCase() },
        }),
      ),
    ).toBe(false);
    // Another story's comment leaves this story's pages alone.
    const elsewhere = await readPassages(h, other.users.reader, other.liveChapterId);
    expect(
      await moves(() =>
        h.caller(other.users.reader).comment.create({
          chapterId: other.liveChapterId,
          passageKey: elsewhere[0]!.key,
          body: 'Elsewhere',
          type: 'reaction',
          visibility: 'public',
        }),
      ),
    ).toBe(false);
    expect(
      await moves(() =>
        owner.story
          .unpublish({ storyId: fx.storyId })
          .then(() => owner.story.publish({ storyId: fx.storyId })),
      ),
    ).toBe(true);
  });

  it('moves when a scheduled chapter comes due, with no write at all', async () => {
    const owner = h.caller(fx.users.owner);
    const publishAt = new Date(Date.now() + 60 * 60 * 1000);
    const { chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'Later',
      upload: { source: directives(['Soon.'], ['Very soon.']), format: 'markdown' },
    });
    await owner.chapter.schedule({ chapterId, publishAt });
    const before = await version(fx.slug, new Date(publishAt.getTime() - 1000));
    expect(await version(fx.slug, new Date(publishAt.getTime() - 1))).toBe(before);
    expect(await version(fx.slug, publishAt)).not.toBe(before);
  });

  it('moves when its series changes: a part added, moved, or a sibling work taken private', async () => {
    const series = await storyFixture(h, 'public');
    const owner = h.caller(series.users.owner);
    const { id: nextId } = await owner.story.create({ title: 'The next work' });
    const { chapterId } = await owner.chapter.create({
      storyId: nextId,
      title: 'One',
      upload: { source: 'The next work begins.\n', format: 'markdown' },
    });
    await owner.chapter.publish({ chapterId });
    await owner.story.publish({ storyId: nextId });
    let seriesId = '';
    expect(
      await moves(async () => {
        ({ id: seriesId } = await owner.series.create({ title: 'Pair', storyId: series.storyId }));
      }, series.slug),
    ).toBe(true);
    expect(await moves(() => owner.series.addPart({ seriesId, storyId: nextId }), series.slug)).toBe(true);
    // The cached first chapter would name "The next work": taking it private must change the page.
    expect(await moves(() => owner.story.unpublish({ storyId: nextId }), series.slug)).toBe(true);
    expect(await moves(() => owner.story.publish({ storyId: nextId }), series.slug)).toBe(true);
    expect(
      await moves(() => owner.series.movePart({ seriesId, storyId: nextId, position: 1 }), series.slug),
    ).toBe(true);
    expect(await moves(() => owner.series.delete({ seriesId }), series.slug)).toBe(true);
  });
});
