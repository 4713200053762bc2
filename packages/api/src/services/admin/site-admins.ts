// Who is a site admin. Granted and revoked on the server's command line (`pnpm margins admin
// grant <user>`), never through the web: a stolen admin session cannot mint more admins.
import type { Database } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import type { Db } from '../access';
import { inTransaction } from '../transaction';
import { recordAdminAction, type AdminActor } from './audit';

/**
 * The caller as a site admin, or not_found: to everyone else the admin pages and procedures do
 * not exist (the same answer a page that does not exist gives).
 */
export async function requireSiteAdmin(db: Db, userId: string | null): Promise<AdminActor> {
  if (!userId) throw notFound('Page');
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, siteAdminAt: true, suspendedAt: true },
  });
  if (!user?.siteAdminAt || user.suspendedAt) throw notFound('Page');
  return { id: user.id, username: user.username };
}

async function userByName(db: Db, username: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE lower(username) = lower(${username}) LIMIT 1`;
  const id = rows[0]?.id;
  const user = id
    ? await db.user.findUnique({ where: { id }, select: { id: true, username: true, siteAdminAt: true } })
    : null;
  if (!user) throw new ServiceError('not_found', `No user is called “${username}”.`);
  return user;
}

/** Makes `username` a site admin (again: a no-op that says so). */
export async function setSiteAdmin(options: {
  db: Database;
  username: string;
  admin: boolean;
  actor: AdminActor;
  now: Date;
}): Promise<{ username: string; changed: boolean }> {
  const { db, admin, actor, now } = options;
  return inTransaction(db, async (tx) => {
    const user = await userByName(tx.prisma, options.username);
    if ((user.siteAdminAt !== null) === admin) return { username: user.username, changed: false };
    await tx.prisma.user.update({ where: { id: user.id }, data: { siteAdminAt: admin ? now : null } });
    await recordAdminAction(tx.prisma, {
      actor,
      action: admin ? 'admin.grant' : 'admin.revoke',
      target: { type: 'user', id: user.id, label: user.username },
      at: now,
    });
    return { username: user.username, changed: true };
  });
}
