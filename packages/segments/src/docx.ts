// .docx → HTML via mammoth. Kept in its own module and imported lazily by parseChapter so
// that mammoth (and JSZip) are only loaded for Word uploads; also exported as
// "@margins/segments/docx" for callers that want it directly.
//
// mammoth does no sanitising and would inflate a crafted archive whole, so the archive is
// checked first (docx-archive.ts: entries, sizes, compression ratio, inflation stopped at the
// declared size). What that cannot bound — CPU time and memory while mammoth reads a large but
// honest document — cannot be interrupted from pure code, so the server runs every upload parse
// in a worker thread with a heap limit and a time limit (packages/api services/parse).
import mammoth from 'mammoth';
import { checkDocxArchive, DOCX_LIMITS, type DocxLimits } from './docx-archive';
import { error } from './problems';
import type { Problem } from './types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function invalid(detail: string): Problem {
  return error(
    'invalid_docx',
    1,
    `This file is not a valid Word (.docx) document: ${detail}.`,
    'Open it in Word or Google Docs and save or download it again as .docx, or upload it as text instead.',
  );
}

export async function docxToHtml(
  bytes: Uint8Array,
  limits: DocxLimits = DOCX_LIMITS,
): Promise<{ ok: true; html: string } | { ok: false; problem: Problem }> {
  if (bytes.byteLength < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) {
    return { ok: false, problem: invalid('it is not a ZIP archive') };
  }
  const archive = checkDocxArchive(bytes, limits);
  if (!archive.ok) return { ok: false, problem: archive.problem };
  try {
    const arrayBuffer = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    // The browser build of mammoth reads `arrayBuffer`, the Node build `buffer`; JSZip
    // accepts a plain Uint8Array there, so no Node Buffer is needed.
    const input = { arrayBuffer, buffer: bytes } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
    const result = await mammoth.convertToHtml(input, {
      externalFileAccess: false,
      // Images are never part of a passage: skip decoding them entirely.
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
    });
    return { ok: true, html: result.value };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : 'unreadable content';
    return { ok: false, problem: invalid(msg ?? 'unreadable content') };
  }
}
