import { createHash, randomBytes } from 'node:crypto';

// Private links: `randomBytes(32)` as base64url (256 bits, unguessable). Only its SHA-256 hash
// is stored, so a database leak gives no usable link; lookup is by the hash's unique index.
export function newLinkToken(): { token: string; hash: Uint8Array<ArrayBuffer> } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}
