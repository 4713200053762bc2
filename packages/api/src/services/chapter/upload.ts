// An upload as the API receives it (JSON: text for Markdown/HTML, base64 for .docx), checked
// for size before anything is parsed, then parsed by @margins/segments in the parse pool's
// worker threads (services/parse), never on the request thread.
import { Buffer } from 'node:buffer';
import {
  readChapterFrontMatter,
  type ChapterFrontMatter,
  type ChosenConvention,
  type InputFormat,
  type ParsedChapter,
  type Passage,
  type Problem,
  type StyleMapping,
} from '@margins/segments';
import { DOCX_LIMITS, REFUSAL_CODE } from '@margins/segments/docx-archive';
import { ServiceError } from '../../errors';
import { MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES } from '../../limits';
import { defaultParsePool, type ChapterParser } from '../parse/pool';

export { MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES };

export interface Upload {
  /** Text for 'markdown' and 'html'; base64 (optionally a data: URL) for 'docx'. */
  source: string;
  format: InputFormat;
  /** Auto-detected when absent. */
  convention?: ChosenConvention;
  styleMapping?: StyleMapping;
  /** Lines (paragraph numbers) the author took back from the proposed notes: story text. */
  storyText?: number[];
  /** false: no note is proposed (canonical markup from the editor, imports). Default true. */
  detectNotes?: boolean;
}

export interface StoryCharacter {
  id: string;
  name: string;
  color: string;
  aliases: string[];
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function tooLarge(size: number): ServiceError {
  // "2 MB; the limit is 2 MB" would read as a contradiction just over the limit.
  const shown =
    megabytes(size) === megabytes(MAX_UPLOAD_BYTES) ? `${size.toLocaleString('en')} bytes` : megabytes(size);
  return new ServiceError(
    'too_large',
    `The upload is ${shown}; the limit is ${megabytes(MAX_UPLOAD_BYTES)} (${MAX_UPLOAD_BYTES} bytes).`,
    {
      limitBytes: MAX_UPLOAD_BYTES,
    },
  );
}

/** A request body over MAX_REQUEST_BYTES, refused before it is read (`size` null when unknown). */
export function requestTooLarge(size: number | null): ServiceError {
  const what = size === null ? 'This request is too large' : `This request is ${megabytes(size)}`;
  return new ServiceError(
    'too_large',
    `${what}: a chapter upload may be at most ${megabytes(MAX_UPLOAD_BYTES)} (${MAX_UPLOAD_BYTES} bytes), and no request over ${megabytes(MAX_REQUEST_BYTES)}. Split the chapter into smaller chapters, or remove embedded images and save again.`,
    { limitBytes: MAX_UPLOAD_BYTES },
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes or text to parse; too_large before decoding anything big. */
export function decodeUpload(upload: Upload): string | Uint8Array {
  if (upload.format !== 'docx') {
    const size = Buffer.byteLength(upload.source, 'utf8');
    if (size > MAX_UPLOAD_BYTES) throw tooLarge(size);
    return upload.source;
  }
  const base64 = upload.source.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  const size =
    Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  if (size > MAX_UPLOAD_BYTES) throw tooLarge(size);
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    throw new ServiceError('invalid', 'The .docx file did not arrive intact (it is not valid base64).', {
      fieldErrors: { source: ['Upload the file again.'] },
    });
  }
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** A file as JSON carries it (text, or base64 for .docx) → bytes, size-checked before decoding. */
export function fileFromJson(file: { source: string; format: InputFormat; fileName?: string | undefined }): {
  bytes: Uint8Array;
  format: InputFormat;
  fileName: string;
} {
  const decoded = decodeUpload({ source: file.source, format: file.format });
  const bytes = typeof decoded === 'string' ? new TextEncoder().encode(decoded) : decoded;
  return { bytes, format: file.format, fileName: file.fileName ?? '' };
}

export type ParsedUpload = {
  chapter: ParsedChapter;
  problems: Problem[];
  frontMatter: ChapterFrontMatter | null;
};

/**
 * A .docx refused before unpacking (zip bomb checks in @margins/segments): 413 for the size
 * limits, 422 for an archive that lies about its contents; the problem carries the fix.
 */
function refusedDocument(problem: Problem): ServiceError | null {
  const text = `${problem.message} ${problem.fix}`;
  if (problem.code === REFUSAL_CODE.size)
    return new ServiceError('too_large', text, {
      limitBytes: DOCX_LIMITS.maxUncompressedBytes,
      problems: [problem],
    });
  if (problem.code === REFUSAL_CODE.entries)
    return new ServiceError('too_large', text, { problems: [problem] });
  if (problem.code === REFUSAL_CODE.ratio)
    return new ServiceError('unprocessable', text, { problems: [problem] });
  return null;
}

/**
 * Parses an upload; a failed parse is `invalid` with every problem, so the UI can list them.
 * `parser` is the app's parse pool; callers without one (scripts, tests) get the default pool.
 */
export async function parseUpload(options: {
  upload: Upload;
  characters: StoryCharacter[];
  previous?: Passage[] | undefined;
  parser?: ChapterParser | undefined;
}): Promise<({ ok: true } & ParsedUpload) | { ok: false; problems: Problem[] }> {
  return parseDecoded({ ...options, input: decodeUpload(options.upload) });
}

/** The text or bytes of an upload parsed with its settings (`upload.source` is not read). */
export async function parseDecoded(options: {
  input: string | Uint8Array;
  upload: Omit<Upload, 'source'>;
  characters: StoryCharacter[];
  previous?: Passage[] | undefined;
  parser?: ChapterParser | undefined;
}): Promise<({ ok: true } & ParsedUpload) | { ok: false; problems: Problem[] }> {
  const { upload, characters, previous } = options;
  let input = options.input;
  // A chapter file pulled from Margins carries its summary and notes as front matter.
  const front =
    typeof input === 'string' && upload.format === 'markdown' ? readChapterFrontMatter(input) : null;
  if (front) input = front.text;
  const parser = options.parser ?? defaultParsePool();
  const result = await parser.parse(input, {
    format: upload.format,
    ...(upload.convention ? { convention: upload.convention } : {}),
    ...(upload.styleMapping ? { styleMapping: upload.styleMapping } : {}),
    characters: characters.map((c) => ({ name: c.name, aliases: c.aliases })),
    ...(previous ? { previous } : {}),
    ...(upload.storyText?.length ? { storyText: upload.storyText } : {}),
    ...(upload.detectNotes === false ? { detectNotes: false } : {}),
    maxBytes: MAX_UPLOAD_BYTES,
  });
  if (!result.ok) {
    const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
    if (result.problems.some((p) => p.code === 'too_large')) throw tooLarge(size);
    for (const problem of result.problems) {
      const refused = refusedDocument(problem);
      if (refused) throw refused;
    }
    return { ok: false, problems: result.problems };
  }
  return { ok: true, chapter: result.chapter, problems: result.problems, frontMatter: front?.fields ?? null };
}

export async function parseUploadOrThrow(options: Parameters<typeof parseUpload>[0]): Promise<ParsedUpload> {
  const result = await parseUpload(options);
  if (!result.ok) throw failedParse(result.problems);
  return result;
}

/** A parse that found errors, as the `invalid` error listing them. */
export function failedParse(problems: Problem[]): ServiceError {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0] ?? problems[0];
  const message = first
    ? `The chapter has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix; the first is on line ${first.line}: ${first.message}`
    : 'The chapter could not be read.';
  return new ServiceError('invalid', message, { problems });
}
