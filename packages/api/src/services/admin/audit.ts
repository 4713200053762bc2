// The audit log: every site-admin action writes one AdminAction row in the transaction that does
// the action, so the log can never disagree with what happened (a rolled-back action leaves no
// row; a committed one always has its row).
import { newId } from '@margins/db';
import type { Db } from '../access';

/** Who did it: a signed-in admin, or the server's command line (no account). */
export interface AdminActor {
  id: string | null;
  username: string;
}

export const COMMAND_LINE: AdminActor = { id: null, username: 'command line' };

export type AdminActionName =
  | 'admin.grant'
  | 'admin.revoke'
  | 'user.suspend'
  | 'user.restore'
  | 'story.hide'
  | 'story.unhide'
  | 'report.resolve'
  | 'report.dismiss';

export async function recordAdminAction(
  tx: Db,
  entry: {
    actor: AdminActor;
    action: AdminActionName;
    target: { type: 'user' | 'story' | 'report'; id: string; label: string };
    reason?: string;
    at: Date;
  },
): Promise<void> {
  await tx.adminAction.create({
    data: {
      id: newId(),
      actorId: entry.actor.id,
      actorName: entry.actor.username,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      targetLabel: entry.target.label,
      reason: entry.reason ?? '',
      at: entry.at,
    },
  });
}

export interface AdminActionView {
  id: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  targetLabel: string;
  reason: string;
  at: Date;
}

/** Newest first, a page at a time (`before`: the `at` of the last row shown). */
export async function listAdminActions(options: {
  db: Db;
  before?: Date | undefined;
  limit?: number;
}): Promise<AdminActionView[]> {
  const { db, before, limit = 100 } = options;
  return db.adminAction.findMany({
    where: before ? { at: { lt: before } } : {},
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
    select: {
      id: true,
      actorName: true,
      action: true,
      targetType: true,
      targetId: true,
      targetLabel: true,
      reason: true,
      at: true,
    },
  });
}
