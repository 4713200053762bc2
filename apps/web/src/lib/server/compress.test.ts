import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from './compress';

const page = `<!doctype html><p>${'The keeper wound the lamp at dusk. '.repeat(400)}</p>`;
const request = (acceptEncoding: string | null, method = 'GET') =>
  new Request('http://localhost/s/story/1', {
    method,
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  });
const html = (body: string, extra: Record<string, string> = {}) =>
  new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"', ...extra },
  });

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, honouring q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(null)).toBeNull();
  });
});

describe('compressResponse', () => {
  it('sends a page brotli-encoded, smaller, the same bytes once decoded, with Vary and a weak ETag', async () => {
    const out = await compressResponse(request('gzip, br'), html(page));
    expect(out.headers.get('content-encoding')).toBe('br');
    expect(out.headers.get('vary')).toContain('Accept-Encoding');
    expect(out.headers.get('etag')).toBe('W/"abc"');
    const bytes = Buffer.from(await out.arrayBuffer());
    expect(Number(out.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(bytes.byteLength * 5).toBeLessThan(Buffer.byteLength(page));
    expect(brotliDecompressSync(bytes).toString()).toBe(page);
  });

  it('uses gzip for a client without brotli, for JSON too', async () => {
    const json = JSON.stringify({
      type: 'data',
      nodes: Array.from({ length: 200 }, (_, i) => ({ passage: `p${i}`, count: i })),
    });
    const out = await compressResponse(
      request('gzip'),
      new Response(json, { headers: { 'content-type': 'application/json' } }),
    );
    expect(out.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await out.arrayBuffer())).toString()).toBe(json);
  });

  it('leaves alone: no Accept-Encoding, HEAD, small bodies, event streams, encoded or no-transform responses', async () => {
    const cases: [Request, Response][] = [
      [request(null), html(page)],
      [request('br', 'HEAD'), html(page)],
      [request('br'), html('<p>short</p>')],
      [request('br'), new Response(page, { headers: { 'content-type': 'text/event-stream' } })],
      [request('br'), html(page, { 'content-encoding': 'gzip' })],
      [request('br'), html(page, { 'cache-control': 'no-transform' })],
      [request('br'), new Response(page, { headers: { 'content-type': 'image/png' } })],
    ];
    for (const [req, res] of cases) {
      const out = await compressResponse(req, res);
      expect(out.headers.get('content-encoding') ?? 'identity').not.toBe('br');
    }
    const plain = await compressResponse(request(null), html(page));
    expect(await plain.text()).toBe(page);
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
  });
});
