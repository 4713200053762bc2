// Single-use links mailed to an address: "confirm this address" and "reset your password".
// Like session secrets, a token has 120 bits from the OS CSPRNG and only its SHA-256 is stored,
// so a leaked database or backup yields no usable link. Consuming is one conditional UPDATE
// (unused, unexpired, this purpose), so two clicks at once cannot both succeed.
import type { Prisma } from '@margins/db';
import { newId } from '@margins/db';
import { randomString, randomStringPattern, sha256 } from './random';

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

/** How long each kind of link works. */
export const ACCOUNT_TOKEN_SECONDS: Readonly<Record<AccountTokenPurpose, number>> = Object.freeze({
  verify_email: 48 * 60 * 60,
  reset_password: 60 * 60,
});

const TOKEN_LENGTH = 32; // 160 bits
const TOKEN = randomStringPattern(TOKEN_LENGTH);

export type TokenClient = Pick<Prisma.TransactionClient, 'accountToken'>;

/**
 * Mints a link token for `email`. `jobId` makes the minting job idempotent: a second run of the
 * same job (at-least-once delivery) mints nothing and gets null, so one job mails one link.
 */
export async function mintAccountToken(
  client: TokenClient,
  input: { userId: string; purpose: AccountTokenPurpose; email: string; jobId?: string; now: Date },
): Promise<string | null> {
  const token = randomString(TOKEN_LENGTH);
  const { count } = await client.accountToken.createMany({
    data: [
      {
        id: newId(),
        tokenHash: sha256(token),
        userId: input.userId,
        purpose: input.purpose,
        email: input.email,
        jobId: input.jobId ?? null,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + ACCOUNT_TOKEN_SECONDS[input.purpose] * 1000),
      },
    ],
    skipDuplicates: true,
  });
  return count === 1 ? token : null;
}

/** The live token row (unused, unexpired, this purpose) without using it; null for anything else. */
export async function findAccountToken(
  client: TokenClient,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<{ id: string; userId: string; email: string } | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  return client.accountToken.findFirst({
    where: { tokenHash: sha256(token), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true, email: true },
  });
}

/** Uses the token: true for exactly one caller, however many present it at once. */
export async function spendAccountToken(client: TokenClient, id: string, now: Date): Promise<boolean> {
  const { count } = await client.accountToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Deletes tokens that expired more than a day ago (used ones too); for the hourly housekeeping. */
export async function pruneAccountTokens(client: TokenClient, now: Date): Promise<number> {
  const { count } = await client.accountToken.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
  });
  return count;
}
