// Dynamic responses (pages, their __data.json, tRPC answers) compressed at the server.
// adapter-node compresses nothing it renders (its `precompress` option covers built static files
// only; its docs leave dynamic responses to a proxy), and a chapter page is mostly prose and
// markup: brotli makes it 5–10× smaller. Brotli at quality 4 costs about what gzip at level 6
// does and compresses better; gzip for clients that do not offer br. Live event streams, files
// and anything already encoded pass through untouched.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a response is sent as it is: the headers would outweigh the saving. */
export const COMPRESS_MIN_BYTES = 1024;

/** What is worth compressing: markup and data. Never `text/event-stream` (it must flush as it goes). */
const COMPRESSIBLE =
  /^(text\/html|application\/json|text\/plain|application\/xml|application\/atom\+xml|text\/markdown|text\/csv)\b/;

/** The encoding to use for a request's Accept-Encoding, or null (identity). */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const offered = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => offered.get(name) ?? offered.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/** `response` compressed for `request` when it is worth it; otherwise `response` itself. */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
  if (
    request.method === 'HEAD' ||
    response.status < 200 ||
    response.status === 204 ||
    response.status === 206 ||
    response.status === 304
  )
    return response;
  if (!response.body || response.headers.has('content-encoding')) return response;
  if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return response;
  if (/\bno-transform\b/.test(response.headers.get('cache-control') ?? '')) return response;
  const headers = new Headers(response.headers);
  headers.append('vary', 'Accept-Encoding');
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  if (!encoding)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  const raw = new Uint8Array(await response.arrayBuffer());
  if (raw.byteLength < COMPRESS_MIN_BYTES)
    return new Response(raw, { status: response.status, statusText: response.statusText, headers });
  const packed =
    encoding === 'br'
      ? await brotli(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
        })
      : await gz(raw, { level: 6 });
  headers.set('content-encoding', encoding);
  headers.set('content-length', String(packed.byteLength));
  // The bytes differ from the identity response's: a strong validator must not be shared.
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
  return new Response(new Uint8Array(packed), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
