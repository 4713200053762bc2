// The "orphan account" (as Archive of Our Own has one): a system user that owns the stories of
// people who deleted their account and chose to leave their stories up. It cannot sign in (its
// password hash is not a hash) and its name cannot be signed up for (usernameSchema refuses it).
import type { Db } from '../access';
import { ServiceError } from '../../errors';

export const ORPHAN_ACCOUNT = {
  id: 'orphan_account',
  username: 'orphan_account',
  displayName: 'orphan account',
} as const;

/** Not an argon2 hash, so verifyPassword answers false for every password. */
export const NO_PASSWORD = '!no-password';

/** The orphan account's id, made on first use (inside the caller's transaction). */
export async function ensureOrphanAccount(tx: Db): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "User" ("id", "username", "displayName", "passwordHash")
    VALUES (${ORPHAN_ACCOUNT.id}, ${ORPHAN_ACCOUNT.username}, ${ORPHAN_ACCOUNT.displayName}, ${NO_PASSWORD})
    ON CONFLICT DO NOTHING
    RETURNING "id"`;
  if (rows.length) return ORPHAN_ACCOUNT.id;
  const existing = await tx.user.findUnique({ where: { id: ORPHAN_ACCOUNT.id }, select: { id: true } });
  // The name belongs to someone who signed up before it was reserved: an operator renames them.
  if (!existing)
    throw new ServiceError(
      'conflict',
      'Stories cannot be orphaned on this site yet (the orphan_account name is taken); ask the site admins, or choose to delete them.',
    );
  return existing.id;
}
