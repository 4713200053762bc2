import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

// `Algorithm` is an ambient const enum, which `isolatedModules` cannot inline; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * OWASP's minimum recommendation for argon2id (19 MiB, 2 passes, 1 lane). Hashes are PHC strings
 * that carry their own parameters, so raising these later keeps old hashes verifiable.
 */
export const ARGON2_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * NFKC first, so the same password typed on different keyboards/OSes (composed vs decomposed
 * accents, full-width digits) hashes the same, as NIST SP 800-63B recommends.
 */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    // A malformed stored hash must read as "wrong password", never as an unhandled error.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same argon2 work as a real verification. Logins for unknown accounts call this so
 * the response time does not reveal whether the username or email exists.
 */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummyHash ??= hash(crypto.randomUUID(), ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
}

let commonPasswords: Set<string> | undefined;

/**
 * ~49k most common leaked passwords, from zxcvbn-ts' maintained common dictionary (MIT). Built
 * lazily on first use; entries are already lowercase, and we compare lowercase because
 * "Password123" is no stronger against a guessing attack than "password123".
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords.has(normalize(password).toLowerCase());
}

/**
 * Password policy (NIST 800-63B style: length and a block list, no composition rules).
 * Returns a sentence to show under the password field, or null when the password is acceptable.
 */
export function validatePassword(
  password: string,
  context: { username: string; email?: string | null | undefined },
): string | null {
  const normalized = normalize(password);
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  // The upper bound only caps the work an attacker can make the server do per attempt.
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommonPassword(normalized)) return 'This password is too common; choose one that is harder to guess.';

  const lower = normalized.toLowerCase();
  const username = context.username.trim().toLowerCase();
  if (username.length > 0 && lower.includes(username)) return 'Your password must not contain your username.';
  const email = (context.email ?? '').trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (email.length > 0 && lower === email) return 'Your password must not be your email address.';
  if (local.length >= 3 && lower.includes(local)) return 'Your password must not contain your email address.';
  return null;
}
