// The .docx container checked before anything unpacks it for real. A .docx is a ZIP archive, and a
// ZIP can declare small sizes and hold gigabytes, or hold a few kilobytes that inflate a
// thousandfold (a "zip bomb"). mammoth (through JSZip) would inflate every part whole, so a 60 KB
// upload could take gigabytes and minutes. Here the archive is read the way JSZip reads it
// (central directory, then each local header) and refused before mammoth sees it when:
//   - it has too many entries, or its declared sizes add up to too much (413: a size limit);
//   - an entry declares a compression ratio no Word document has (422: not processable);
//   - an entry inflates to more than it declares (422). Inflation runs in small steps and
//     stops as soon as that happens, so lying sizes cost at most one step past the declared
//     size, and the declared sizes were already checked against the limits.
// Pure: fflate and byte arithmetic only, no Node APIs.
import { Inflate } from 'fflate';
import { error } from './problems';
import type { Problem } from './types';

export interface DocxLimits {
  /** Files inside the archive (a Word document has a few dozen; images add one each). */
  maxEntries: number;
  /** Sum of the uncompressed sizes of every entry. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Small entries (styles, settings) may compress well without being a threat. */
  ratioFloorBytes: number;
}

/**
 * A 2 MB .docx of ordinary prose unpacks to about 16 MB of XML (Word's markup compresses about
 * 8:1), which the parser reads within 512 MB of memory (docs/pov-markup.md). Word's XML
 * compresses 5–15:1; the zip bombs reported against us were 330:1 and 400:1.
 */
export const DOCX_LIMITS: DocxLimits = {
  maxEntries: 1000,
  maxUncompressedBytes: 32 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export type ArchiveRefusal = 'entries' | 'size' | 'ratio' | 'mismatch' | 'format';

export type ArchiveCheck =
  | { ok: true; entries: number; inflatedBytes: number }
  | { ok: false; refusal: ArchiveRefusal; problem: Problem; inflatedBytes: number };

/** Problem codes: the API answers the two size limits with 413, the signs of a bomb with 422. */
export const REFUSAL_CODE = {
  entries: 'docx_too_many_files',
  size: 'docx_too_large',
  ratio: 'docx_unsafe',
  mismatch: 'docx_unsafe',
  format: 'invalid_docx',
} as const satisfies Record<ArchiveRefusal, string>;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes fed to the inflater per step: one step yields at most ~1 MB (DEFLATE tops out near 1032:1). */
const STEP = 1024;

const u16 = (b: Uint8Array, at: number): number => (b[at] as number) | ((b[at + 1] as number) << 8);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) + u16(b, at + 2) * 0x10000;

const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
const RESAVE = 'Open it in Word or Google Docs and save it again as .docx, or paste the text instead.';

function refuse(refusal: ArchiveRefusal, message: string, fix: string, inflatedBytes: number): ArchiveCheck {
  const code = REFUSAL_CODE[refusal];
  return { ok: false, refusal, problem: error(code, 1, message, fix), inflatedBytes };
}

const malformed = (detail: string, inflated = 0): ArchiveCheck =>
  refuse('format', `This file is not a valid Word (.docx) document: ${detail}.`, RESAVE, inflated);

/** The last end-of-central-directory record, found the way JSZip finds it (scanning back from the end). */
function findEnd(b: Uint8Array): number {
  for (let at = b.length - 22; at >= 0; at--) if (u32(b, at) === EOCD) return at;
  return -1;
}

interface Entry {
  name: string;
  method: number;
  compressed: number;
  declared: number;
  localOffset: number;
}

export function checkDocxArchive(bytes: Uint8Array, limits: DocxLimits = DOCX_LIMITS): ArchiveCheck {
  const end = findEnd(bytes);
  if (end < 0) return malformed('it is not a complete ZIP archive');
  const diskEntries = u16(bytes, end + 8);
  const totalEntries = u16(bytes, end + 10);
  const dirSize = u32(bytes, end + 12);
  const dirOffset = u32(bytes, end + 16);
  if (totalEntries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    // ZIP64 exists for archives over 4 GB or 65,535 entries; nothing under 2 MB needs it.
    return malformed('it uses ZIP64, which a Word document of this size never needs');
  }
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || diskEntries !== totalEntries)
    return malformed('it is a multi-part archive');
  // JSZip shifts every offset by bytes found between the directory and its end record; a
  // document saved by a word processor has none, and refusing them keeps both readers in step.
  if (dirOffset + dirSize !== end) return malformed('its table of contents is not where it says');

  const entries: Entry[] = [];
  let declaredTotal = 0;
  let at = dirOffset;
  // JSZip reads every consecutive directory record, whatever the end record counts: so do we.
  while (at + 46 <= end && u32(bytes, at) === CENTRAL) {
    if (entries.length >= limits.maxEntries) {
      return refuse(
        'entries',
        `This .docx holds more than ${limits.maxEntries.toLocaleString('en')} files; a Word document holds a few dozen.`,
        RESAVE,
        0,
      );
    }
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const compressed = u32(bytes, at + 20);
    const declared = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > end) return malformed('its table of contents is cut short');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (flags & 1) return malformed('it is encrypted (password-protected)');
    if (compressed === 0xffffffff || declared === 0xffffffff)
      return malformed('it uses ZIP64, which a Word document of this size never needs');
    if (method !== 0 && method !== 8) return malformed(`${name} uses a compression method Word does not use`);
    declaredTotal += declared;
    if (declaredTotal > limits.maxUncompressedBytes) return tooBig(limits, 0);
    if (declared > limits.ratioFloorBytes && declared > compressed * limits.maxRatio)
      return tooDense(name, declared, compressed, limits, 0);
    entries.push({ name, method, compressed, declared, localOffset: u32(bytes, at + 42) });
    at = next;
  }
  if (at !== end || entries.length !== totalEntries)
    return malformed('its table of contents does not match its contents');

  // The declared sizes are within the limits; now make sure they are true.
  let inflatedBytes = 0;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL)
      return malformed(`${entry.name} is missing`, inflatedBytes);
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, start + entry.compressed);
    if (start + entry.compressed > bytes.length)
      return malformed(`${entry.name} is cut short`, inflatedBytes);
    const inflated = entry.method === 0 ? data.length : inflateUpTo(data, entry.declared);
    if (inflated === null) return malformed(`${entry.name} is damaged`, inflatedBytes);
    inflatedBytes += inflated;
    if (inflated > entry.declared) {
      return refuse(
        'mismatch',
        `This .docx was refused unread: ${entry.name} inside it holds more than the ${entry.declared.toLocaleString('en')} bytes it declares, which is how zip bombs hide their size.`,
        RESAVE,
        inflatedBytes,
      );
    }
  }
  return { ok: true, entries: entries.length, inflatedBytes };
}

/**
 * Inflates `data` step by step and stops as soon as the output passes `limit`: the byte count
 * (at most one step past the limit when it stops early), or null for damaged data.
 */
function inflateUpTo(data: Uint8Array, limit: number): number | null {
  let out = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    out += chunk.length;
    if (final) done = true;
  });
  try {
    for (let i = 0; i < data.length && !done && out <= limit; i += STEP) {
      inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    }
    if (data.length === 0) inflater.push(data, true);
  } catch {
    return null;
  }
  return out;
}

function tooBig(limits: DocxLimits, inflated: number): ArchiveCheck {
  return refuse(
    'size',
    `This .docx unpacks to more than ${mb(limits.maxUncompressedBytes)}; the limit is ${mb(limits.maxUncompressedBytes)} (${limits.maxUncompressedBytes} bytes) of content inside the file.`,
    'Split the chapter into smaller chapters, or remove embedded images and save again.',
    inflated,
  );
}

function tooDense(
  name: string,
  declared: number,
  compressed: number,
  limits: DocxLimits,
  inflated: number,
): ArchiveCheck {
  const ratio = compressed === 0 ? 'infinitely' : `${Math.round(declared / compressed)} to 1`;
  return refuse(
    'ratio',
    `This .docx was refused unread: ${name} inside it is compressed ${ratio}, and the limit is ${limits.maxRatio} to 1 (Word's text compresses about 10 to 1; far more is how zip bombs work).`,
    RESAVE,
    inflated,
  );
}
