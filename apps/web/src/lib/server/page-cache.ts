// Anonymous readers' chapter pages, kept in memory per app instance. Each copy is filed under
// the content version it was rendered under (@margins/api readerPageVersion: counters the
// database bumps in the same transaction as every write such a page shows); a request reads the
// version — one small query — and gets the copy only while it is unchanged. So a cache never
// outlives a commit on any instance, and several stateless instances need nothing between them.
//
// Each response still gets its own CSP nonce: the copy is stored split around SvelteKit's nonce,
// and a fresh one is put in the body and the header on the way out.
//
// Bounded by bytes with the maintained `lru-cache` (maxSize; each copy's size is its body bytes
// plus its headers, about): a copy over a quarter of the budget is not kept.
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

interface Entry {
  version: string;
  /**
   * The body as UTF-8 bytes, split around every `nonce="…"` attribute (one part when the page
   * has none): a hit copies bytes instead of joining and re-encoding a string of the whole page.
   */
  body: Uint8Array[];
  /** The CSP header split around its nonce, or null when it has none. */
  csp: string[] | null;
  headers: [string, string][];
  size: number;
}

const encoder = new TextEncoder();

function joinBytes(parts: Uint8Array[], separator: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(
    parts.reduce((n, p) => n + p.byteLength, 0) + separator.byteLength * (parts.length - 1),
  );
  let at = 0;
  parts.forEach((part, i) => {
    if (i > 0) {
      out.set(separator, at);
      at += separator.byteLength;
    }
    out.set(part, at);
    at += part.byteLength;
  });
  return out;
}

/** Headers that belong to one response only. */
const PER_RESPONSE = new Set([
  'content-security-policy',
  'content-length',
  'date',
  'set-cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

export class PageCache {
  readonly #entries: LRUCache<string, Entry> | null;

  constructor(readonly budgetBytes: number) {
    this.#entries =
      budgetBytes > 0
        ? new LRUCache<string, Entry>({
            maxSize: budgetBytes,
            maxEntrySize: Math.floor(budgetBytes / 4),
            sizeCalculation: (entry) => entry.size,
          })
        : null;
  }

  get size(): number {
    return this.#entries?.size ?? 0;
  }

  /** Bytes held, about (tests check the bound). */
  get bytes(): number {
    return this.#entries?.calculatedSize ?? 0;
  }

  /** The page for `key` if it was rendered under `version`, with a fresh nonce; otherwise null. */
  get(key: string, version: string): Response | null {
    const entry = this.#entries?.get(key);
    if (!entry) return null;
    if (entry.version !== version) {
      this.#entries?.delete(key);
      return null;
    }
    const nonce = randomBytes(18).toString('base64');
    const headers = new Headers(entry.headers);
    if (entry.csp) headers.set('content-security-policy', entry.csp.join(nonce));
    headers.set('x-margins-cache', 'hit');
    const body = joinBytes(entry.body, encoder.encode(`nonce="${nonce}"`));
    headers.set('content-length', String(body.byteLength));
    return new Response(body, { status: 200, headers });
  }

  /**
   * Keeps `response` for `key` when it is a complete, shareable page (200, HTML, no cookie), and
   * returns what to send in its place (the body has been read).
   */
  async put(key: string, version: string, response: Response): Promise<Response> {
    const type = response.headers.get('content-type') ?? '';
    if (
      response.status !== 200 ||
      !type.startsWith('text/html') ||
      response.headers.has('set-cookie') ||
      !this.#entries
    ) {
      return response;
    }
    const html = await response.text();
    const headers = new Headers(response.headers);
    headers.set('x-margins-cache', 'miss');
    const out = new Response(html, { status: 200, headers });

    const csp = response.headers.get('content-security-policy');
    const nonce = csp ? /'nonce-([^']+)'/.exec(csp)?.[1] : undefined;
    const body = (nonce ? html.split(`nonce="${nonce}"`) : [html]).map((part) => encoder.encode(part));
    const size = body.reduce((n, part) => n + part.byteLength, 1024);
    const kept: [string, string][] = [];
    response.headers.forEach((value, name) => {
      if (!PER_RESPONSE.has(name)) kept.push([name, value]);
    });
    this.#entries.set(key, {
      version,
      body,
      csp: nonce && csp ? csp.split(nonce) : csp ? [csp] : null,
      headers: kept,
      size,
    });
    return out;
  }
}
