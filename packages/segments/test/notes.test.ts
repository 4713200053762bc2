// Issue 17: author's notes and the convention an author declares, in what authors actually
// post. Every fixture here is original text written for these tests.
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { parseChapter, type ParseOptions, type ParseResult } from '../src/index';
import { characters, P } from './story';

const md = (text: string, extra: Partial<ParseOptions> = {}): Promise<ParseResult> =>
  parseChapter(text, { format: 'markdown', characters, ...extra });
const ok = (r: ParseResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
};
const texts = (r: ParseResult) => ok(r).chapter.segments.flatMap((s) => s.passages.map((p) => p.text));
const story = `${P.m1}\n\n${P.l2}\n\n${P.m3}\n`;

describe('leading and trailing notes are notes, not narration', () => {
  const forms: [string, string, string][] = [
    ['A/N', 'A/N: Sorry this took so long, exams ate my month.', 'label'],
    ['A/N without colon', 'A/N Sorry this took so long, exams ate my month.', 'label'],
    ["Author's note", "Author's Note: this one is for everyone who asked about the lighthouse.", 'label'],
    ['AN:', 'AN: this one is for everyone who asked about the lighthouse.', 'label'],
    ['Disclaimer', 'Disclaimer: the characters belong to their creators; the lighthouse is mine.', 'label'],
    ['Note:', 'Note: the ferry timetable is made up.', 'label'],
    ['bracketed', '[Set a week after the storm. Mild language.]', 'bracketed'],
    ['talks to the reader', 'Please take two seconds to hit the review button, it keeps me going.', 'reader'],
  ];
  for (const [name, note, reason] of forms) {
    it(`${name} at the top`, async () => {
      const r = ok(await md(`${note}\n\n${story}`));
      expect(r.chapter.notes.before.map((n) => [n.text, n.reason])).toEqual([
        [note.replace(/\*/g, ''), reason],
      ]);
      expect(texts(r)).toEqual([P.m1, P.l2, P.m3]);
    });
  }

  it('a note at the bottom that thanks the reader', async () => {
    const r = ok(await md(`${story}\nThanks for reading! Let me know what you think.\n`));
    expect(r.chapter.notes.after.map((n) => n.text)).toEqual([
      'Thanks for reading! Let me know what you think.',
    ]);
    expect(texts(r)).toEqual([P.m1, P.l2, P.m3]);
  });

  it('an italic note set apart by a scene break, with the break not kept as a passage', async () => {
    const r = ok(await md(`*I wrote this on the train, forgive the typos.*\n\n***\n\n${story}`));
    expect(r.chapter.notes.before.map((n) => [n.text, n.reason])).toEqual([
      ['I wrote this on the train, forgive the typos.', 'italic'],
    ]);
    expect(ok(r).chapter.segments[0]?.passages[0]?.kind).toBe('text');
    expect(texts(r)).toEqual([P.m1, P.l2, P.m3]);
  });

  it('an italic first paragraph that runs into the story is story text (an epigraph, a flashback)', async () => {
    const r = ok(await md(`*The sea remembers everything.*\n\n${story}`));
    expect(r.chapter.notes.before).toEqual([]);
    expect(texts(r)[0]).toBe('The sea remembers everything.');
  });

  it('a multi-paragraph note continues to the break that sets it apart', async () => {
    const r = ok(await md(`A/N: Two things.\n\nFirst, the timeline moved a week.\n\n***\n\n${story}`));
    expect(r.chapter.notes.before.map((n) => n.text)).toEqual([
      'A/N: Two things.',
      'First, the timeline moved a week.',
    ]);
    expect(texts(r)).toEqual([P.m1, P.l2, P.m3]);
  });

  it('under marker lines, the text before the first marker is a note', async () => {
    const r = ok(
      await md(`Hi all, new chapter! Big one.\n\nMark's POV\n\n${P.m1}\n\nLexie's POV\n\n${P.l1}\n`),
    );
    expect(r.detected).toBe('markers');
    expect(r.chapter.notes.before.map((n) => [n.text, n.reason])).toEqual([
      ['Hi all, new chapter! Big one.', 'before_marker'],
    ]);
    expect(r.chapter.segments.map((s) => s.pov)).toEqual(['Mark', 'Lexie']);
  });

  it('"this is story text" takes a note back, by its line', async () => {
    const r = ok(await md(`Note: the ferry timetable is made up.\n\n${story}`, { storyText: [1] }));
    expect(r.chapter.notes.before).toEqual([]);
    expect(texts(r)[0]).toBe('Note: the ferry timetable is made up.');
  });

  it('notes are never counted in POV words', async () => {
    const r = ok(
      await md(`A/N: eleven words of note that must not count anywhere at all.\n\nMark's POV\n\n${P.m1}\n`),
    );
    expect(r.chapter.wordsByPov).toEqual({ Mark: 16 });
    expect(r.chapter.wordCount).toBe(16);
  });

  it('a chapter that is only a note is not emptied: it stays text', async () => {
    const r = ok(await md('Thanks for reading, everyone!\n'));
    expect(r.chapter.notes.before).toEqual([]);
    expect(texts(r)).toEqual(['Thanks for reading, everyone!']);
  });

  it('narration that merely mentions a review is not a note when it is not at the edge', async () => {
    const r = ok(await md(`${P.m1}\n\nThe harbour board would review the logs.\n\n${P.m3}\n`));
    expect(r.chapter.notes).toEqual({ before: [], after: [] });
  });

  it('canonical markup (directives) keeps its text: its notes live in their own fields', async () => {
    const r = ok(await md(`Note: outside.\n\n::: pov Mark\n${P.m1}\n:::\n`));
    expect(r.chapter.notes.before).toEqual([]);
  });
});

describe('the convention the author declares', () => {
  const boldPlain = () => `**${P.m1}**\n\n${P.l2}\n\n**${P.m3}**\n\n${P.l1.replace(/\*\*/g, '')}\n`;
  const phrasings: [string, object][] = [
    ["Mark's POV is bold; Lexie's is plain.", { bold: 'Mark', plain: 'Lexie' }],
    ["Lexie's POV in italics.", { italic: 'Lexie' }],
    ["Mark's parts are in bold.", { bold: 'Mark' }],
    ['bold = Mark', { bold: 'Mark' }],
    ['Bold is Mark, plain text is Lexie.', { bold: 'Mark', plain: 'Lexie' }],
  ];
  for (const [sentence, mapping] of phrasings) {
    it(`reads “${sentence}” in a leading note and names the sentence`, async () => {
      const body =
        'italic' in mapping ? `*${P.l2}*\n\n${P.m1}\n\n*${P.l1.replace(/\*\*/g, '')}*\n` : boldPlain();
      const r = ok(await md(`A/N: quick one this week. ${sentence}\n\n***\n\n${body}`));
      expect(r.chapter.declared).toMatchObject({ convention: 'style', mapping, line: 1 });
      expect(r.chapter.declared?.sentence).toBe(sentence);
      expect(r.detected).toBe('style');
      expect(r.chapter.styleMapping).toEqual(mapping);
      expect(r.chapter.notes.before).toHaveLength(1);
    });
  }

  it('reads “POV switches are marked ~Name~”', async () => {
    const r = ok(
      await md(`POV switches are marked ~Name~.\n\n~ Mark ~\n\n${P.m1}\n\n~ Lexie ~\n\n${P.l2}\n`),
    );
    expect(r.chapter.declared).toMatchObject({
      convention: 'markers',
      sentence: 'POV switches are marked ~Name~.',
    });
    expect(r.detected).toBe('markers');
    expect(r.chapter.notes.before.map((n) => n.text)).toEqual(['POV switches are marked ~Name~.']);
    expect(r.chapter.segments.map((s) => s.pov)).toEqual(['Mark', 'Lexie']);
  });

  it('a sentence about a bold character in the story is not a declaration', async () => {
    const r = ok(await md(`Mark was bold that night, bolder than Lexie had ever seen him.\n\n${story}`));
    expect(r.chapter.declared).toBeNull();
    expect(r.detected).toBe('none');
  });

  it('no directives → never "directives"; markers declared but absent → a warning, not one POV', async () => {
    const r = ok(await md(`POV switches are marked ~Name~.\n\n${story}`));
    expect(r.detected).toBe('none');
    expect(r.problems.map((p) => p.code)).toEqual(['declared_markers_missing']);
  });
});

// The issue's chapter: a leading note that declares the convention, then bold Mark and plain Lexie.
const note =
  "Hello again! If you liked this, please take the two seconds to hit the review button and type in yay or nay. Mark's POV is bold; Lexie's is plain.";
const povs: [bold: boolean, text: string][] = [
  [true, 'Mark tied the boat to the iron ring and did not look back.'],
  [true, 'The rope burned his palms; he let it.'],
  [false, 'Lexie watched him from the top of the lighthouse stairs.'],
  [false, 'She counted his steps along the jetty: nineteen.'],
  [true, 'He knew she was there; he could feel the lamp on his neck.'],
  [false, 'She went down to meet him anyway.'],
];

async function issueDocx(keepBold: boolean): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun(note)] }),
          ...povs.map(
            ([bold, text]) => new Paragraph({ children: [new TextRun({ text, bold: keepBold && bold })] }),
          ),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

describe('the issue 17 chapter', () => {
  it('.docx with a leading note declaring bold/plain: note apart, POV segments exact, note in no POV words', async () => {
    const r = ok(await parseChapter(await issueDocx(true), { format: 'docx', characters }));
    expect(r.chapter.notes.before.map((n) => n.text)).toEqual([note]);
    expect(r.chapter.declared).toMatchObject({
      convention: 'style',
      mapping: { bold: 'Mark', plain: 'Lexie' },
      sentence: "Mark's POV is bold; Lexie's is plain.",
      line: 1,
    });
    expect(r.detected).toBe('style');
    expect(r.chapter.segments.map((s) => [s.pov, s.passages.map((p) => p.text)])).toEqual([
      ['Mark', [povs[0]?.[1], povs[1]?.[1]]],
      ['Lexie', [povs[2]?.[1], povs[3]?.[1]]],
      ['Mark', [povs[4]?.[1]]],
      ['Lexie', [povs[5]?.[1]]],
    ]);
    const words = (texts: string[]) => texts.reduce((n, t) => n + t.split(/\s+/).length, 0);
    expect(r.chapter.wordsByPov).toEqual({
      Mark: words(povs.filter(([b]) => b).map(([, t]) => t)),
      Lexie: words(povs.filter(([b]) => !b).map(([, t]) => t)),
    });
    expect(r.chapter.wordCount).toBe(words(povs.map(([, t]) => t)));
  });

  it('the same chapter as plain text (bold lost) is not silently one POV', async () => {
    const plain = [note, ...povs.map(([, t]) => t)].join('\n\n');
    const r = ok(await md(plain));
    expect(r.detected).toBe('none');
    expect(r.chapter.segments.every((s) => s.pov === null)).toBe(true);
    expect(r.problems.map((p) => p.code)).toContain('declared_style_missing');
    expect(r.problems.find((p) => p.code === 'declared_style_missing')?.message).toContain(
      "Mark's POV is bold; Lexie's is plain.",
    );
    expect(r.chapter.notes.before.map((n) => n.text)).toEqual([note]);
  });

  it('the same plain text with bold = Mark, plain = Lexie chosen: refused before saving, not all Lexie', async () => {
    const plain = [note, ...povs.map(([, t]) => t)].join('\n\n');
    const r = await md(plain, { convention: 'style', styleMapping: { bold: 'Mark', plain: 'Lexie' } });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['style_found_nothing']);
  });

  it('marker lines chosen with no marker in the file: refused before saving', async () => {
    const r = await md(story, { convention: 'markers' });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['markers_found_nothing']);
  });
});
