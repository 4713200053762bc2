// `pnpm margins admin grant|revoke|list`: the server's command line for site admins. The only way
// to make one (the web app cannot, and the demo seed makes none), so whoever runs the server
// decides. A function apart from the entry point, so tests run exactly what the command runs.
import type { Database } from '@margins/db';
import { ServiceError } from '../errors';
import { COMMAND_LINE } from '../services/admin/audit';
import { setSiteAdmin } from '../services/admin/site-admins';

export const ADMIN_USAGE =
  'Usage: pnpm margins admin grant <username> | pnpm margins admin revoke <username> | pnpm margins admin list';

export async function runAdminCommand(
  db: Database,
  args: readonly string[],
  now: Date,
): Promise<{ exitCode: number; message: string }> {
  const [verb, username, ...rest] = args;
  if (verb === 'list' && username === undefined) {
    const admins = await db.prisma.user.findMany({
      where: { siteAdminAt: { not: null } },
      orderBy: { username: 'asc' },
      select: { username: true, siteAdminAt: true },
    });
    if (admins.length === 0) return { exitCode: 0, message: 'No site admins yet.' };
    const lines = admins.map((a) => `${a.username}  (since ${a.siteAdminAt!.toISOString().slice(0, 10)})`);
    return { exitCode: 0, message: lines.join('\n') };
  }
  if ((verb !== 'grant' && verb !== 'revoke') || !username || rest.length > 0) {
    return { exitCode: 2, message: ADMIN_USAGE };
  }
  const admin = verb === 'grant';
  try {
    const result = await setSiteAdmin({ db, username, admin, actor: COMMAND_LINE, now });
    const name = result.username;
    const message = admin
      ? result.changed
        ? `${name} is now a site admin: /admin on the website (docs/admin.md).`
        : `${name} is already a site admin.`
      : result.changed
        ? `${name} is no longer a site admin.`
        : `${name} was not a site admin.`;
    return { exitCode: 0, message };
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'not_found')
      return { exitCode: 1, message: error.message };
    throw error;
  }
}
