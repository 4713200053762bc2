// Personal access tokens for the CLI and scripts. Built like the sessions (docs/auth.md): the
// token is `mrg_<id>_<secret>`, the id is a lookup key, and only a SHA-256 hash of the secret
// is stored and compared in constant time. The plain token is shown once, at creation.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '@margins/db';
import type { SessionUser } from '../../auth';
import { notFound } from '../../errors';

export type TokenScope = 'read' | 'write';

export interface ApiTokenView {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ValidToken {
  tokenId: string;
  scope: TokenScope;
  user: SessionUser;
}

// Lowercase letters and digits without the look-alikes 0, 1, l and o; 256 / 32 = 8, so
// `byte >> 3` maps bytes onto the alphabet without modulo bias.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const ID_LENGTH = 16; // 80 bits: a lookup key, not a secret
const SECRET_LENGTH = 32; // 160 bits
const TOKEN = new RegExp(`^mrg_([${ALPHABET}]{${ID_LENGTH}})_([${ALPHABET}]{${SECRET_LENGTH}})$`);
/** Writing lastUsedAt on every request would turn each read into a write; once a minute is plenty. */
const LAST_USED_GRANULARITY_MS = 60_000;

function randomSymbols(length: number): string {
  let out = '';
  for (const b of randomBytes(length)) out += ALPHABET[b >> 3];
  return out;
}

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

const viewSelect = {
  id: true,
  name: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Splits a token into id and secret; anything of the wrong shape is refused without a query. */
export function parseApiToken(token: string): { id: string; secret: string } | null {
  const m = TOKEN.exec(token.trim());
  return m ? { id: m[1] as string, secret: m[2] as string } : null;
}

export async function createApiToken(options: {
  db: Database;
  userId: string;
  name: string;
  scope: TokenScope;
}): Promise<ApiTokenView & { token: string }> {
  const { db, userId, name, scope } = options;
  const id = randomSymbols(ID_LENGTH);
  const secret = randomSymbols(SECRET_LENGTH);
  const row = await db.prisma.apiToken.create({
    data: { id, userId, name, scope, secretHash: sha256(secret) },
    select: viewSelect,
  });
  return { ...row, token: `mrg_${id}_${secret}` };
}

/** The user's tokens, newest first; revoked ones stay listed (greyed out) so their use can be traced. */
export async function listApiTokens(options: { db: Database; userId: string }): Promise<ApiTokenView[]> {
  return options.db.prisma.apiToken.findMany({
    where: { userId: options.userId },
    orderBy: { createdAt: 'desc' },
    select: viewSelect,
  });
}

/** Revokes one of the caller's tokens; someone else's token does not exist for them. */
export async function revokeApiToken(options: {
  db: Database;
  userId: string;
  tokenId: string;
  now: Date;
}): Promise<ApiTokenView> {
  const { db, userId, tokenId, now } = options;
  const row = await db.prisma.apiToken.findFirst({
    where: { id: tokenId, userId },
    select: { id: true, revokedAt: true },
  });
  if (!row) throw notFound('Token');
  return db.prisma.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: row.revokedAt ?? now },
    select: viewSelect,
  });
}

/** The token's user and scope, or null for a malformed, unknown, mistyped or revoked token. */
export async function validateApiToken(options: {
  db: Database;
  token: string;
  now: Date;
}): Promise<ValidToken | null> {
  const { db, token, now } = options;
  const parsed = parseApiToken(token);
  if (!parsed) return null;
  const row = await db.prisma.apiToken.findUnique({
    where: { id: parsed.id },
    select: {
      id: true,
      scope: true,
      secretHash: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, username: true, displayName: true } },
    },
  });
  if (!row || row.revokedAt) return null;
  const expected = new Uint8Array(row.secretHash);
  const actual = sha256(parsed.secret);
  if (expected.byteLength !== actual.byteLength || !timingSafeEqual(expected, actual)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.prisma.apiToken.update({
      where: { id: row.id },
      data: { lastUsedAt: now },
      select: { id: true },
    });
  }
  return { tokenId: row.id, scope: row.scope, user: row.user };
}
