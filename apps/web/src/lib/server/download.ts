/** Headers for a file download; the name is ASCII-safe and also given in RFC 5987 form. */
export function attachment(filename: string, contentType: string): Headers {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Headers({
    'content-type': contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    // Drafts may be in it: never cached by a shared cache.
    'cache-control': 'private, no-store',
  });
}
