import { createHash, timingSafeEqual } from 'node:crypto';

// 32 symbols: lowercase letters and digits without the look-alikes 0, 1, l and o (as in Lucia's
// guide). 256 is a multiple of 32, so `byte >> 3` maps bytes onto it without modulo bias.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `length` symbols of 5 random bits each from the OS CSPRNG (24 symbols = 120 bits). */
export function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ALPHABET[b >> 3];
  return out;
}

/** A regular expression matching exactly `length` symbols of the alphabet above. */
export function randomStringPattern(length: number): RegExp {
  return new RegExp(`^[${ALPHABET}]{${length}}$`);
}

export function sha256(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

/**
 * Constant-time equality of two digests. Both sides are SHA-256 outputs, so the lengths are
 * public and fixed; a length mismatch (a corrupt row) is simply "not equal".
 */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
