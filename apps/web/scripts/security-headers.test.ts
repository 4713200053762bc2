import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { addSecurityHeaders, HSTS, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it('sends HSTS (two years, subdomains) only when the public origin is https; nosniff always', () => {
    expect(HSTS).toBe('max-age=63072000; includeSubDomains');
    expect(securityHeaders('https://margins.example')).toEqual([
      ['x-content-type-options', 'nosniff'],
      ['strict-transport-security', HSTS],
    ]);
    expect(securityHeaders('http://localhost:3000')).toEqual([['x-content-type-options', 'nosniff']]);
    expect(securityHeaders(undefined)).toEqual([['x-content-type-options', 'nosniff']]);
    expect(securityHeaders('not a url')).toEqual([['x-content-type-options', 'nosniff']]);
  });
});

describe('addSecurityHeaders', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  /** A server answering like adapter-node's static handler (writeHead with its own headers). */
  async function serve(origin: string | undefined): Promise<string> {
    server = createServer();
    addSecurityHeaders(server, origin);
    server.on('request', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'image/svg+xml', 'x-content-type-options': 'nosniff' })
        .end('<svg/>');
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  it('puts the headers on a response another listener writes, once each', async () => {
    const base = await serve('https://margins.example');
    const res = await fetch(`${base}/favicon.svg`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('leaves HSTS out on plain http', async () => {
    const base = await serve('http://localhost:3000');
    const res = await fetch(`${base}/favicon.svg`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
