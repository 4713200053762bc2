// Pages and their data are compressed by the server itself (lib/server/compress.ts), the cached
// anonymous copy and a signed-in render alike; live event streams are not (they must flush).
// Read with node:http so the bytes on the wire are what is measured, not a decoded body.
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from './fixtures';

const CHAPTER = '/s/the-lighthouse-ledger/1';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

function get(baseURL: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (r: Raw) =>
  (r.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(r.bytes)
    : r.headers['content-encoding'] === 'gzip'
      ? gunzipSync(r.bytes)
      : r.bytes
  ).toString();

test('a chapter page and its data arrive brotli- or gzip-encoded, several times smaller', async ({
  baseURL,
}) => {
  const base = baseURL as string;
  const plain = await get(base, CHAPTER, {});
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();

  for (const [accept, encoding] of [
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    // Twice: the first render, then the page cache's copy (a fresh nonce, compressed again).
    for (let i = 0; i < 2; i++) {
      const packed = await get(base, CHAPTER, { 'accept-encoding': accept });
      expect(packed.status).toBe(200);
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(String(packed.headers.vary)).toContain('Accept-Encoding');
      const html = decode(packed);
      expect(html).toContain('The Hour Before');
      expect(packed.bytes.byteLength * 3).toBeLessThan(Buffer.byteLength(html));
    }
  }

  // After the page cache holds the HTML: a client-side navigation's data is still data.
  const data = await get(base, `${CHAPTER}/__data.json`, { 'accept-encoding': 'br' });
  expect(data.status).toBe(200);
  expect(data.headers['content-encoding']).toBe('br');
  expect(JSON.parse(decode(data)).type).toBe('data');
  test.info().annotations.push({
    type: 'sizes',
    description: `chapter HTML ${plain.bytes.byteLength} B plain; __data.json ${Buffer.byteLength(decode(data))} B plain, ${data.bytes.byteLength} B br`,
  });
});
