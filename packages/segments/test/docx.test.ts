import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { parseChapter, passagesOf } from '../src/index';
import { characters } from './story';

// Built in the test with the `docx` package: bold paragraphs are Mark, plain ones Lexie.
const lines: [bold: boolean, text: string][] = [
  [true, 'Mark tied the boat to the iron ring and did not look back.'],
  [false, 'Lexie watched him from the top of the lighthouse stairs.'],
  [true, 'He knew she was there; he could feel the lamp on his neck.'],
  [false, 'She went down to meet him anyway.'],
];

async function buildDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          ...lines
            .slice(0, 2)
            .map(([bold, text]) => new Paragraph({ children: [new TextRun({ text, bold })] })),
          new Paragraph({ children: [new TextRun('* * *')] }),
          ...lines.slice(2).map(([bold, text]) => new Paragraph({ children: [new TextRun({ text, bold })] })),
          new Paragraph({
            children: [
              new TextRun({ text: 'Lexie smiled, ' }),
              new TextRun({ text: 'just a little', italics: true }),
              new TextRun('.'),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

describe('.docx uploads', () => {
  it('bold and plain paragraphs become alternating Mark and Lexie segments', async () => {
    const r = await parseChapter(await buildDocx(), {
      format: 'docx',
      characters,
      styleMapping: { bold: 'Mark', plain: 'Lexie' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.detected).toBe('style');
    expect(r.chapter.segments.map((s) => s.pov)).toEqual(['Mark', 'Lexie', 'Mark', 'Lexie']);
    const texts = r.chapter.segments.map((s) => s.passages.map((p) => (p.kind === 'break' ? '***' : p.text)));
    expect(texts).toEqual([
      [lines[0]?.[1]],
      [lines[1]?.[1], '***'],
      [lines[2]?.[1]],
      [lines[3]?.[1], 'Lexie smiled, just a little.'],
    ]);
    const passages = passagesOf(r.chapter);
    expect(passages.at(-1)?.html).toBe('Lexie smiled, <em>just a little</em>.');
    expect(passages[0]?.html).toBe(lines[0]?.[1]);
    // Lines of a .docx are paragraph numbers.
    expect(passages.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a .docx over the size limit before unzipping it', async () => {
    const bytes = await buildDocx();
    const r = await parseChapter(bytes, { format: 'docx', characters, maxBytes: bytes.byteLength - 1 });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['too_large']);
  });
});
