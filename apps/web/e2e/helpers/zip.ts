// Word documents built in the test as raw ZIP archives (fflate), for sizes and shapes the docx
// package cannot make: just under or over the upload limit, large honest prose, zip bombs.
import { strToU8, zipSync } from 'fflate';

const xml = (body: string) =>
  strToU8(
    `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );

/** One short paragraph, padded to exactly `bytes` with an unreferenced, stored (incompressible) part. */
export function docxOfSize(bytes: number): Buffer {
  const make = (pad: number) =>
    zipSync({
      'word/document.xml': xml('<w:p><w:r><w:t>Mark kept the light.</w:t></w:r></w:p>'),
      'word/media/padding.bin': [
        Uint8Array.from({ length: pad }, (_, i) => (i * 2654435761) >>> 24),
        { level: 0 },
      ],
    });
  const overhead = make(0).length;
  const zip = make(bytes - overhead);
  if (zip.length !== bytes) throw new Error(`built ${zip.length} bytes, wanted ${bytes}`);
  return Buffer.from(zip);
}

/** `mb` MB of varied prose in Word's markup: honest, under 2 MB packed, and seconds to read. */
export function largeProseDocx(mb: number): Buffer {
  const words =
    'the tide came in over the harbour wall and Mark watched the lamp turn while Lexie counted ships'.split(
      ' ',
    );
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const text = Array.from(
      { length: 60 },
      (_, k) => words[(i * 7 + k * 3 + (i % 11) * k) % words.length],
    ).join(' ');
    const p = `<w:p><w:r><w:t xml:space="preserve">${i} ${text}</w:t></w:r></w:p>`;
    paragraphs.push(p);
    size += p.length;
  }
  return Buffer.from(zipSync({ 'word/document.xml': xml(paragraphs.join('')) }));
}

/** The two zip bombs reported against .docx uploads: 50 MB in one paragraph, 20 MB of repeated paragraphs. */
export function zipBombs(): { huge: Buffer; dense: Buffer } {
  return {
    huge: Buffer.from(
      zipSync(
        { 'word/document.xml': xml(`<w:p><w:r><w:t>${'a'.repeat(50 * 1024 * 1024)}</w:t></w:r></w:p>`) },
        { level: 9 },
      ),
    ),
    dense: Buffer.from(
      zipSync(
        { 'word/document.xml': xml('<w:p><w:r><w:t>a</w:t></w:r></w:p>'.repeat(620_000)) },
        { level: 9 },
      ),
    ),
  };
}
