// Preview then Save of an upload through a staged row (services/chapter/staged-upload.ts): the
// feedback impact the preview shows is what saving does, the file is parsed once, and a staged
// upload is saved once, by the user who staged it, within the hour.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import type { ParseOptions } from '@margins/segments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParsePool, type ChapterParser } from '../src/services/parse/pool';
import { MAX_STAGED_UPLOADS_PER_USER } from '../src/services/chapter/staged-upload';
import { readPassages, select } from './comment-helpers';
import { directives, harness, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

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
  'Mark wound the lamp at dusk and wrote the hour in the ledger, as the keepers before him had done, every night.';
const B = 'The glass was cold; the gulls had gone quiet over the rocks below the gallery.';
const C = 'Lexie found the ledger open at a page that should have been blank since the spring.';
const D = 'Someone had written tomorrow’s date, and the name of a ship she did not know.';
const E = 'She closed the book and sat with her hands flat on the cover until the kettle sang.';

/** The default pool, counting the parses that reach it. */
function countingParser(): ChapterParser & { calls: number } {
  const pool = defaultParsePool();
  const parser = {
    calls: 0,
    parse(input: string | Uint8Array, options: ParseOptions) {
      parser.calls++;
      return pool.parse(input, options);
    },
  };
  return parser;
}

const file = (source: string, fileName = 'chapter.md') => ({ source, format: 'markdown' as const, fileName });

describe('revise from a file: the feedback impact', () => {
  let fx: StoryFixture;
  let chapterId: string;

  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const owner = h.caller(fx.users.owner);
    ({ chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'The Hour',
      upload: { source: directives([A, B], [C, D, E]), format: 'markdown' },
    }));
    await owner.chapter.publish({ chapterId });
    const passages = await readPassages(h, fx.users.reader, chapterId);
    const reader = h.caller(fx.users.reader);
    const comment = (quote: string, body: string) =>
      reader.comment.create({ chapterId, ...select(passages, quote), body, visibility: 'public' });
    await comment('wound the lamp at dusk', 'Lovely.'); // A is edited: moves
    const onB = await comment('the gulls had gone quiet', 'Eerie.'); // B unchanged: stays
    await reader.comment.create({ chapterId, parentId: onB.id, body: 'Agreed.', visibility: 'public' });
    await comment('the name of a ship she did not know', 'Which ship?'); // D deleted: outdated
  });

  it('counts comments that stay, move and become outdated exactly as saving then places them', async () => {
    const owner = h.caller(fx.users.owner);
    const staged = await owner.chapter.stage({
      storyId: fx.storyId,
      chapterId,
      file: file(directives([A_FIXED, B], [C, E])),
      settings: {},
    });
    expect(staged.preview.ok).toBe(true);
    expect(staged.impact?.feedback).toEqual({ stay: 2, move: 1, outdated: 1, stillOutdated: 0, restored: 0 });
    expect(staged.impact?.diff.passages.removed).toHaveLength(1);
    expect(staged.impact?.diff.changes.some((c) => c.op === 'added' && c.value.includes('every night'))).toBe(
      true,
    );

    const saved = await owner.chapter.saveStaged({
      storyId: fx.storyId,
      stagedId: staged.stagedId,
      settings: {},
    });
    const placed = await db.prisma.commentPlacement.findMany({
      where: { revisionId: saved.revisionId },
      select: { method: true },
    });
    const count = (...methods: string[]) => placed.filter((p) => methods.includes(p.method)).length;
    expect({ stay: count('exact'), move: count('moved', 'fuzzy'), outdated: count('orphaned') }).toEqual({
      stay: staged.impact!.feedback.stay,
      move: staged.impact!.feedback.move,
      outdated: staged.impact!.feedback.outdated,
    });

    // The outdated comment's text is back in the next file: the preview says it is restored.
    const again = await owner.chapter.stage({
      storyId: fx.storyId,
      chapterId,
      file: file(directives([A_FIXED, B], [C, D, E])),
      settings: {},
    });
    expect(again.impact?.feedback).toMatchObject({ restored: 1, outdated: 0, stay: 3 });
  });
});

describe('staged uploads', () => {
  let fx: StoryFixture;
  beforeAll(async () => {
    fx = await storyFixture(h, 'private');
  });

  it('parses once for preview and save, and again only when the settings change', async () => {
    const parser = countingParser();
    const owner = h.caller(fx.users.owner, { parser });
    const staged = await owner.chapter.stage({
      storyId: fx.storyId,
      file: file(directives([A], [C])),
      settings: {},
    });
    expect(parser.calls).toBe(1);
    expect(staged.impact).toBeNull();
    const saved = await owner.chapter.saveStaged({
      storyId: fx.storyId,
      stagedId: staged.stagedId,
      title: 'Once',
      settings: {},
    });
    expect(parser.calls).toBe(1);
    const revision = await db.prisma.chapterRevision.findUniqueOrThrow({ where: { id: saved.revisionId } });
    expect(revision.source).toBe(directives([A], [C]));
    expect(revision.convention).toBe('directives');

    // A revision of it: preview (with another convention), save → still one parse per preview.
    const next = await owner.chapter.stage({
      storyId: fx.storyId,
      chapterId: saved.chapterId,
      file: file(directives([A_FIXED], [C])),
      settings: {},
    });
    const nextAgain = await owner.chapter.stage({
      storyId: fx.storyId,
      chapterId: saved.chapterId,
      stagedId: next.stagedId,
      settings: { convention: 'directives' },
    });
    expect(parser.calls).toBe(3);
    await owner.chapter.saveStaged({
      storyId: fx.storyId,
      stagedId: nextAgain.stagedId,
      settings: { convention: 'directives' },
    });
    expect(parser.calls).toBe(3);
    // Settings changed after the preview: the staged bytes are parsed again, not the page's.
    const third = await owner.chapter.stage({
      storyId: fx.storyId,
      file: file(directives([B], [E])),
      settings: {},
    });
    await owner.chapter.saveStaged({
      storyId: fx.storyId,
      stagedId: third.stagedId,
      title: 'Changed',
      settings: { convention: 'directives' },
    });
    expect(parser.calls).toBe(5);
  });

  it('is saved only by the user who staged it, once, and within the hour', async () => {
    const owner = h.caller(fx.users.owner);
    const coauthor = h.caller(fx.users.coauthor);
    const staged = await owner.chapter.stage({
      storyId: fx.storyId,
      file: file(directives([A], [C])),
      settings: {},
    });
    const save = (caller: typeof owner) =>
      caller.chapter.saveStaged({
        storyId: fx.storyId,
        stagedId: staged.stagedId,
        title: 'Mine',
        settings: {},
      });
    // A co-author may add chapters, but not with someone else's staged file.
    expect((await trpcError(save(coauthor))).code).toBe('NOT_FOUND');
    expect(
      (
        await trpcError(
          coauthor.chapter.stage({ storyId: fx.storyId, stagedId: staged.stagedId, settings: {} }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await save(owner);
    expect((await trpcError(save(owner))).code).toBe('NOT_FOUND');
    const titled = await db.prisma.chapter.count({ where: { storyId: fx.storyId, title: 'Mine' } });
    expect(titled).toBe(1);

    const late = await owner.chapter.stage({
      storyId: fx.storyId,
      file: file(directives([A], [C])),
      settings: {},
    });
    const inAnHour = h.caller(fx.users.owner, { now: () => new Date(Date.now() + 61 * 60_000) });
    expect(
      (
        await trpcError(
          inAnHour.chapter.saveStaged({
            storyId: fx.storyId,
            stagedId: late.stagedId,
            title: 'Late',
            settings: {},
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('keeps at most a few staged uploads per user, forgetting the oldest', async () => {
    const user = fx.users.owner;
    const owner = h.caller(user);
    const ids: string[] = [];
    for (let i = 0; i < MAX_STAGED_UPLOADS_PER_USER + 2; i++) {
      ids.push(
        (await owner.chapter.stage({ storyId: fx.storyId, file: file(`Paragraph ${i}.`), settings: {} }))
          .stagedId,
      );
    }
    const kept = await db.prisma.stagedUpload.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(kept).toHaveLength(MAX_STAGED_UPLOADS_PER_USER);
    expect(kept.map((r) => r.id)).not.toContain(ids[0]);
    expect(kept.map((r) => r.id)).toContain(ids.at(-1));
  });

  it('keeps the .docx as bytes and stores the revision source as before (base64)', async () => {
    const owner = h.caller(fx.users.owner);
    const notADocx = Buffer.from('not a zip at all').toString('base64');
    const staged = await owner.chapter.stage({
      storyId: fx.storyId,
      file: { source: notADocx, format: 'docx', fileName: 'broken.docx' },
      settings: {},
    });
    expect(staged.preview.ok).toBe(false);
    const row = await db.prisma.stagedUpload.findUniqueOrThrow({ where: { id: staged.stagedId } });
    expect(Buffer.from(row.source).toString('utf8')).toBe('not a zip at all');
    expect(
      (
        await trpcError(
          owner.chapter.saveStaged({
            storyId: fx.storyId,
            stagedId: staged.stagedId,
            title: 'Broken',
            settings: {},
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });
});
