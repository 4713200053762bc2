// Builds a small Word document in the test, so the upload path is exercised with a real .docx.
import { Document, Packer, Paragraph, TextRun } from 'docx';

/** Each paragraph is bold (one POV) or plain (the other), as an author following "bold = Mark" would write. */
export async function buildDocx(paragraphs: { text: string; bold?: boolean }[]): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map(
          (p) => new Paragraph({ children: [new TextRun({ text: p.text, bold: p.bold ?? false })] }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
