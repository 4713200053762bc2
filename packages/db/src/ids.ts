/** Row ids: random, URL-safe, unguessable (private links and drafts rely on the last one). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
