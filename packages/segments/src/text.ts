// Small pure helpers on strings: word counts and a fast non-cryptographic hash.

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(c: number, s: string, i: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER_OR_DIGIT.test(s[i] as string);
}

/** Apostrophes, hyphens and points join two word characters into one word. */
const isJoiner = (c: number): boolean => c === 39 || c === 0x2019 || c === 45 || c === 46;

/**
 * Counts words the way readers do: "don't", "well-known" and "3.5" are one word each.
 * A character loop rather than a Unicode regex: this runs over every upload in full.
 */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordChar(c, text, i)) {
      if (!inWord) n++;
      inWord = true;
    } else if (
      inWord &&
      isJoiner(c) &&
      i + 1 < text.length &&
      isWordChar(text.charCodeAt(i + 1), text, i + 1)
    ) {
      // stays in the word
    } else inWord = false;
  }
  return n;
}

/**
 * cyrb53 (public-domain, by bryc): 53 bits is plenty for change detection and key
 * derivation, and it is an order of magnitude faster than SubtleCrypto for many small
 * strings — and synchronous, which keeps the parser usable anywhere.
 */
export function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** hash53 as 14 hex digits; digit by digit, as Number#toString(16) is slow on 53-bit values. */
export function hashHex(str: string): string {
  const n = hash53(str);
  const lo = n >>> 0;
  const hi = (n - lo) / 4294967296; // < 2^21
  return (
    (HEX2[(hi >>> 16) & 255] as string) +
    (HEX2[(hi >>> 8) & 255] as string) +
    (HEX2[hi & 255] as string) +
    (HEX2[lo >>> 24] as string) +
    (HEX2[(lo >>> 16) & 255] as string) +
    (HEX2[(lo >>> 8) & 255] as string) +
    (HEX2[lo & 255] as string)
  );
}

const NEEDS_ESCAPE = /[&<>]/;

export function escapeText(s: string): string {
  // Same escaping as sanitize-html so that sanitising our own output is a no-op.
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** UTF-8 byte length without allocating an encoded copy. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
