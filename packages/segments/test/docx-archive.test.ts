// Zip bombs built in the test, refused before anything unpacks them: by their declared sizes
// when those are honest, by inflation stopped at the declared size when they lie. Each test
// checks how much was inflated, so "refused" can never mean "inflated whole, then refused".
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkDocxArchive, DOCX_LIMITS } from '../src/docx-archive';
import { parseChapter } from '../src/index';

const MB = 1024 * 1024;
const PARA = '<w:p><w:r><w:t>a</w:t></w:r></w:p>';
const documentXml = (body: string) =>
  strToU8(
    `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );

function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
}
function setU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);
}
/** Offsets of the end record and of each central directory record of a zip fflate wrote. */
function layout(zip: Uint8Array): { end: number; central: number[] } {
  let end = zip.length - 22;
  while (u32(zip, end) !== 0x06054b50) end--;
  const central: number[] = [];
  for (let at = u32(zip, end + 16); at < end;) {
    central.push(at);
    at +=
      46 +
      (zip[at + 28] as number) +
      (zip[at + 29] as number) * 256 +
      (zip[at + 30] as number) +
      (zip[at + 31] as number) * 256 +
      (zip[at + 32] as number) +
      (zip[at + 33] as number) * 256;
  }
  return { end, central };
}
/** The archive with every entry declaring `size` bytes uncompressed, in both headers. */
function lyingAbout(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  for (const at of layout(out).central) {
    setU32(out, at + 24, size);
    setU32(out, u32(out, at + 42) + 22, size);
  }
  return out;
}

async function realDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: 'Mark tied the boat.', bold: true })] }),
          new Paragraph('Lexie watched.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

describe('the .docx archive check', () => {
  it('lets a Word document through, inflating each part once', async () => {
    const bytes = await realDocx();
    const check = checkDocxArchive(bytes);
    expect(check).toMatchObject({ ok: true });
    expect(check.ok && check.entries).toBeGreaterThan(3);
    expect(check.inflatedBytes).toBeGreaterThan(bytes.length);
  });

  it('refuses 20 MB of repeated paragraphs packed into ~60 KB by its compression ratio, inflating nothing', () => {
    const xml = documentXml(PARA.repeat(620_000));
    expect(xml.length).toBeGreaterThan(20 * MB);
    const bomb = zipSync({ 'word/document.xml': xml }, { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const check = checkDocxArchive(bomb);
    expect(check).toMatchObject({ ok: false, refusal: 'ratio', inflatedBytes: 0 });
    expect(!check.ok && check.problem.code).toBe('docx_unsafe');
    expect(!check.ok && check.problem.message).toContain('the limit is 100 to 1');
  });

  it('refuses a document that unpacks past the size limit (the reported 126 KB → 50 MB bomb), inflating nothing', () => {
    const bomb = zipSync(
      { 'word/document.xml': documentXml(`<w:p><w:r><w:t>${'a'.repeat(50 * MB)}</w:t></w:r></w:p>`) },
      { level: 9 },
    );
    const check = checkDocxArchive(bomb);
    expect(check).toMatchObject({ ok: false, refusal: 'size', inflatedBytes: 0 });
    expect(!check.ok && check.problem.code).toBe('docx_too_large');
    expect(!check.ok && check.problem.message).toContain(
      `the limit is 32 MB (${DOCX_LIMITS.maxUncompressedBytes} bytes)`,
    );
  });

  it('adds up every entry against the size limit, however modest each one is', () => {
    const part = strToU8('the tide came in and went out again. '.repeat(30_000)); // ~1.1 MB, ~1,000:1
    const files: Zippable = {};
    for (let i = 0; i < 5; i++) files[`word/part${i}.xml`] = part;
    const limits = { ...DOCX_LIMITS, maxUncompressedBytes: 4 * MB, maxRatio: 10_000 };
    const check = checkDocxArchive(zipSync(files), limits);
    expect(check).toMatchObject({ ok: false, refusal: 'size', inflatedBytes: 0 });
  });

  it('stops inflating an entry whose declared size is a lie, one small step past what it declares', () => {
    const xml = documentXml(PARA.repeat(620_000));
    // Declared small enough to pass both the size and the ratio limits.
    const bomb = lyingAbout(zipSync({ 'word/document.xml': xml }, { level: 9 }), 100_000);
    const check = checkDocxArchive(bomb);
    expect(check).toMatchObject({ ok: false, refusal: 'mismatch' });
    expect(!check.ok && check.problem.code).toBe('docx_unsafe');
    expect(check.inflatedBytes).toBeGreaterThan(100_000);
    expect(check.inflatedBytes).toBeLessThan(2 * MB); // of 20 MB
  });

  it('caps the inflation of lying entries in total too: many parts that each lie stop at the first', () => {
    const files: Zippable = {};
    const part = documentXml(PARA.repeat(60_000));
    for (let i = 0; i < 30; i++) files[`word/part${i}.xml`] = part;
    const bomb = lyingAbout(zipSync(files, { level: 9 }), 1000);
    const check = checkDocxArchive(bomb);
    expect(check).toMatchObject({ ok: false, refusal: 'mismatch' });
    expect(check.inflatedBytes).toBeLessThan(part.length); // of 30 × 2 MB
  });

  it('refuses an archive of more entries than a Word document has, before inflating any', () => {
    const files: Zippable = {};
    for (let i = 0; i <= DOCX_LIMITS.maxEntries; i++) files[`word/media/${i}.xml`] = strToU8('<a/>');
    const check = checkDocxArchive(zipSync(files));
    expect(check).toMatchObject({ ok: false, refusal: 'entries', inflatedBytes: 0 });
    expect(!check.ok && check.problem.code).toBe('docx_too_many_files');
    expect(!check.ok && check.problem.message).toContain('more than 1,000 files');
  });

  it('refuses what JSZip would read differently or not at all: ZIP64, encryption, odd methods, a moved directory', () => {
    const good = zipSync({ 'word/document.xml': documentXml(PARA) });
    const { end, central } = layout(good);
    const first = central[0] as number;
    const variants: Record<string, (z: Uint8Array) => void> = {
      zip64: (z) => setU32(z, first + 24, 0xffffffff),
      encrypted: (z) => (z[first + 8] = 1),
      method: (z) => (z[first + 10] = 12),
      moved: (z) => setU32(z, end + 16, u32(z, end + 16) - 1),
      'no end record': (z) => setU32(z, end, 0),
    };
    for (const [name, spoil] of Object.entries(variants)) {
      const bytes = good.slice();
      spoil(bytes);
      const check = checkDocxArchive(bytes);
      expect(check, name).toMatchObject({ ok: false, refusal: 'format', inflatedBytes: 0 });
      expect(!check.ok && check.problem.code, name).toBe('invalid_docx');
    }
  });

  it('runs before mammoth in parseChapter: a bomb is a problem, never a parse', async () => {
    const bomb = zipSync({ 'word/document.xml': documentXml(PARA.repeat(620_000)) }, { level: 9 });
    const r = await parseChapter(bomb, { format: 'docx', characters: [] });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['docx_unsafe']);
  });
});
