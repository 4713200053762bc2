// The parse pool: uploads are parsed in worker threads; a parse past the time or heap limit is
// stopped with a 422 naming the limit, its worker replaced, and the next parse works; a full
// queue answers 503. Misbehaviour comes from a stand-in worker (fixtures/misbehaving-worker.mjs)
// so it is deterministic; the real worker is tested with a real, large document.
import type { ParseOptions } from '@margins/segments';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../src/errors';
import { ParsePool } from '../src/services/parse/pool';

const markdown: ParseOptions = { format: 'markdown', characters: [{ name: 'Mark' }] };
const stub = new URL('./fixtures/misbehaving-worker.mjs', import.meta.url);
const pools: ParsePool[] = [];
function pool(options: ConstructorParameters<typeof ParsePool>[0]): ParsePool {
  const p = new ParsePool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** What a parse was refused with: its service code and message. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; retryAfterSeconds?: number | undefined }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return { code: error.code, message: error.message, retryAfterSeconds: error.details.retryAfterSeconds };
}

const echo = async (p: ParsePool, text: string) => {
  const r = await p.parse(text, markdown);
  return r.ok ? null : r.problems[0]?.message;
};

/** A Word document of `mb` MB of ordinary, varied prose: honest, but slow and big to read. */
function largeDocx(mb: number): Uint8Array {
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
  const xml = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.join('')}</w:body></w:document>`;
  return zipSync({ 'word/document.xml': strToU8(xml) });
}

describe('the parse pool', () => {
  it('parses in a worker thread: the calling thread keeps running while a long text is parsed', async () => {
    const p = pool({ workers: 1 });
    await p.parse('Warm.', markdown); // the worker is loaded
    // 2 MB of distinct paragraphs: parsing Markdown is one synchronous stretch of work.
    const text = Array.from(
      { length: 8000 },
      (_, i) => `Paragraph ${i}: ${'the tide came in over the harbour wall '.repeat(6)}`,
    ).join('\n\n');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const r = await p.parse(text, markdown);
    clearInterval(ticker);
    expect(r.ok).toBe(true);
    // Parsed on this thread, the timer could not fire until the parse ended (one tick at most).
    expect(ticks).toBeGreaterThan(20);
    expect(p.stats).toEqual({ started: 1, stopped: 0 });
  });

  it('stops a parse past the time limit: 422 naming the limit, the worker replaced, the next parse works', async () => {
    const p = pool({ workers: 1, timeoutMs: 200, entry: stub });
    expect(await refusal(p.parse('spin', markdown))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('took longer than 0.2 seconds, the limit'),
    });
    expect(p.stats).toEqual({ started: 1, stopped: 1 });
    expect(await echo(p, 'next')).toBe('next');
    expect(p.stats).toEqual({ started: 2, stopped: 1 });
  });

  it('stops a parse past the heap limit: 422 naming the limit, the worker replaced, the next parse works', async () => {
    const p = pool({ workers: 1, heapMb: 32, entry: stub });
    expect(await refusal(p.parse('hog', markdown))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('needed more than 32 MB of memory, the limit'),
    });
    expect(await echo(p, 'next')).toBe('next');
    expect(p.stats).toEqual({ started: 2, stopped: 1 });
  });

  it('holds the real parser to both limits with a large honest document, then parses the next upload', async () => {
    const doc = largeDocx(12);
    const small = pool({ workers: 1, heapMb: 64 });
    expect(await refusal(small.parse(doc, { format: 'docx', characters: [] }))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('needed more than 64 MB of memory'),
    });
    expect((await small.parse('Mark ran.', markdown)).ok).toBe(true);
    expect(small.stats).toEqual({ started: 2, stopped: 1 });

    const quick = pool({ workers: 1, timeoutMs: 50 });
    await quick.parse('Warm.', markdown);
    expect(await refusal(quick.parse(doc, { format: 'docx', characters: [] }))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('took longer than 0.05 seconds'),
    });
    expect((await quick.parse('Mark ran.', markdown)).ok).toBe(true);
    expect(quick.stats).toEqual({ started: 2, stopped: 1 });
  });

  it('answers a worker that dies mid-parse with 422 and replaces it', async () => {
    const p = pool({ workers: 1, entry: stub });
    expect(await refusal(p.parse('crash', markdown))).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('stopped unexpectedly'),
    });
    expect(await echo(p, 'next')).toBe('next');
  });

  it('bounds its queue: past it, 503 with Retry-After; closing refuses what waits and what runs', async () => {
    const p = pool({ workers: 1, maxQueue: 2, entry: stub });
    await echo(p, 'the worker is up');
    // Handlers attached at once: these are refused by close() before they are awaited.
    const running = refusal(p.parse('spin', markdown));
    const waiting = [refusal(p.parse('a', markdown)), refusal(p.parse('b', markdown))];
    expect(await refusal(p.parse('c', markdown))).toMatchObject({
      code: 'unavailable',
      retryAfterSeconds: 5,
      message: expect.stringContaining('busy'),
    });
    await p.close();
    for (const refused of [running, ...waiting])
      expect(await refused).toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('shutting down'),
      });
    expect(await refusal(p.parse('d', markdown))).toMatchObject({ code: 'unavailable' });
  });

  it('runs as many parses at once as it has workers: one stuck parse does not hold up the next', async () => {
    const p = pool({ workers: 2, timeoutMs: 60_000, entry: stub });
    let stuckSettled = false;
    const stuck = refusal(p.parse('spin', markdown)).finally(() => (stuckSettled = true));
    expect(await echo(p, 'beside it')).toBe('beside it');
    expect(stuckSettled).toBe(false);
    await p.close();
    expect(await stuck).toMatchObject({ code: 'unavailable' });
  });

  it('fails what waits, without starting workers forever, when the worker cannot start', async () => {
    const p = pool({ workers: 1, entry: new URL('./fixtures/broken-worker.mjs', import.meta.url) });
    const error = await p.parse('a', markdown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ServiceError); // a 500: our install is broken, not the upload
    expect((error as Error).message).toContain('could not start: cannot load the parser');
    expect(p.stats).toEqual({ started: 1, stopped: 1 });
  });
});
