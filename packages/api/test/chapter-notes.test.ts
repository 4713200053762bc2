// Issue 17: a chapter's summary and author's notes are their own fields — never passages,
// never in POV words — proposed from an upload's leading/trailing notes, kept in the exports
// (story Markdown that re-imports, the chapter file `margins pull` writes, EPUB).
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const note =
  "Hello again! Please take the two seconds to hit the review button and type in yay or nay. Mark's POV is bold; Lexie's is plain.";
const povText = [
  '**Mark tied the boat to the iron ring and did not look back.**',
  'Lexie watched him from the top of the lighthouse stairs.',
  '**He knew she was there.**',
  'She went down to meet him anyway.',
];
const upload = (source: string) => ({ source, format: 'markdown' as const });

describe('chapter notes', () => {
  it('an upload opening with a note that declares its convention: note as note, segments exact, note in no POV words', async () => {
    const owner = h.caller(fx.users.owner);
    const source = [note, ...povText, 'Thanks for reading!'].join('\n\n');
    const preview = await owner.chapter.preview({ storyId: fx.storyId, upload: upload(source) });
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.declared).toMatchObject({
      sentence: "Mark's POV is bold; Lexie's is plain.",
      mapping: { bold: 'Mark', plain: 'Lexie' },
    });
    expect(preview.notes.before.map((n) => n.text)).toEqual([note]);
    expect(preview.notes.after.map((n) => n.text)).toEqual(['Thanks for reading!']);

    const saved = await owner.chapter.create({ storyId: fx.storyId, title: 'Notes', upload: upload(source) });
    expect(saved.convention).toBe('style');
    await owner.chapter.publish({ chapterId: saved.chapterId });
    const read = await h.caller(fx.users.reader).reading.chapter({ chapterId: saved.chapterId });
    expect(read.chapter.notes).toEqual({ summary: '', notesBefore: note, notesAfter: 'Thanks for reading!' });
    expect(read.segments.map((s) => [s.pov?.name ?? null, s.passages.map((p) => p.text)])).toEqual([
      ['Mark', ['Mark tied the boat to the iron ring and did not look back.']],
      ['Lexie', ['Lexie watched him from the top of the lighthouse stairs.']],
      ['Mark', ['He knew she was there.']],
      ['Lexie', ['She went down to meet him anyway.']],
    ]);
    expect(read.legend.map((l) => [l.name, l.wordCount])).toEqual([
      ['Mark', 18],
      ['Lexie', 17],
    ]);
    expect(read.unattributedWordCount).toBe(0);
    const revisions = await owner.chapter.revisions({ chapterId: saved.chapterId });
    expect(revisions[0]?.convention).toBe('style');
    const row = await db.prisma.chapterRevision.findFirstOrThrow({
      where: { chapterId: saved.chapterId },
      select: { styleMapping: true },
    });
    expect(row.styleMapping).toEqual({ bold: 'Mark', plain: 'Lexie' });
  });

  it('the same text with its bold lost: recorded as no convention, not "directives", and not one POV', async () => {
    const owner = h.caller(fx.users.owner);
    const source = [note, ...povText.map((t) => t.replace(/\*\*/g, ''))].join('\n\n');
    const saved = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'Lost bold',
      upload: upload(source),
    });
    expect(saved.convention).toBe('none');
    expect(saved.problems.map((p) => p.code)).toContain('declared_style_missing');
    const revisions = await owner.chapter.revisions({ chapterId: saved.chapterId });
    expect(revisions[0]?.convention).toBe('none');
  });

  it('summary and notes are edited alone, and travel through the chapter file and the story export', async () => {
    const owner = h.caller(fx.users.owner);
    const { chapterId } = await owner.chapter.create({
      storyId: fx.storyId,
      title: 'Edited notes',
      upload: upload('::: pov Mark\nMark rowed.\n:::\n'),
    });
    await owner.chapter.notes({
      chapterId,
      notes: {
        summary: '  Mark rows.  ',
        notesBefore: 'Before.\r\n\r\n\r\nStill before.',
        notesAfter: 'After.',
      },
    });
    const editing = await owner.chapter.get({ chapterId });
    expect(editing.notes).toEqual({
      summary: 'Mark rows.',
      notesBefore: 'Before.\n\nStill before.',
      notesAfter: 'After.',
    });

    // The chapter file (`margins pull`) carries them as front matter; pushing it back keeps them.
    const toc = await owner.reading.toc({ slug: fx.slug });
    const number = toc.chapters.find((c) => c.id === chapterId)?.number ?? 0;
    const file = await owner.export.chapter({ slug: fx.slug, number });
    expect(
      file.file.startsWith(
        '---\nsummary: "Mark rows."\nnotesBefore: "Before.\\n\\nStill before."\nnotesAfter: "After."\n---\n',
      ),
    ).toBe(true);
    await owner.chapter.notes({ chapterId, notes: { summary: '', notesBefore: '', notesAfter: '' } });
    await owner.chapter.edit({
      chapterId,
      upload: upload(file.file.replace('Mark rowed.', 'Mark rowed hard.')),
    });
    expect((await owner.chapter.get({ chapterId })).notes).toEqual({
      summary: 'Mark rows.',
      notesBefore: 'Before.\n\nStill before.',
      notesAfter: 'After.',
    });
    const segs = (await owner.chapter.get({ chapterId })).segments;
    expect(segs.flatMap((s) => s.passages.map((p) => p.text))).toEqual(['Mark rowed hard.']);

    // The story Markdown export keeps them and imports back with them.
    const exported = await owner.export.markdown({ slug: fx.slug });
    expect(exported.markdown).toContain('chapterNotes: ');
    const imported = await owner.story.import({ markdown: exported.markdown });
    const importedToc = await owner.reading.toc({ slug: imported.slug });
    const back = await owner.chapter.get({ chapterId: importedToc.chapters[number - 1]?.id ?? '' });
    expect(back.notes).toEqual({
      summary: 'Mark rows.',
      notesBefore: 'Before.\n\nStill before.',
      notesAfter: 'After.',
    });

    // EPUB: notes above and below the chapter's text, never inside a POV section.
    const epub = await owner.export.epub({ slug: fx.slug });
    const files = unzipSync(new Uint8Array(Buffer.from(epub.base64, 'base64')));
    const xhtml = Object.entries(files)
      .filter(([name]) => name.includes('chapter-'))
      .map(([, bytes]) => strFromU8(bytes))
      .find((x) => x.includes('Edited notes'));
    expect(xhtml).toBeDefined();
    const text = xhtml as string;
    expect(text.indexOf('Mark rows.')).toBeGreaterThan(0);
    expect(text.indexOf('Still before.')).toBeLessThan(text.indexOf('Mark rowed hard.'));
    expect(text.indexOf('After.')).toBeGreaterThan(text.indexOf('Mark rowed hard.'));
  });

  it('only editors set notes', async () => {
    const reader = h.caller(fx.users.reader);
    await expect(
      reader.chapter.notes({ chapterId: fx.liveChapterId, notes: { summary: 'x' } }),
    ).rejects.toThrow();
  });
});
