// What the admin pages show of mail and jobs, read-only. The outbox is the mail kept when no SMTP
// server is configured (docs/mail.md); its links are tokens, so only site admins read it.
import type { Database } from '@margins/db';
import { jobStats, type JobStats } from '@margins/jobs';

export interface OutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  reason: string;
  state: 'queued' | 'sent' | 'kept' | 'failed';
  error: string | null;
  createdAt: Date;
}

/** The newest 50 mails, kept or not yet sent first in the order they were written. */
export async function listOutbox(options: { db: Database }): Promise<OutboxMail[]> {
  return options.db.prisma.mail.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 50,
    select: {
      id: true,
      kind: true,
      to: true,
      subject: true,
      text: true,
      reason: true,
      state: true,
      error: true,
      createdAt: true,
    },
  });
}

export function siteJobStats(options: { db: Database; now: Date }): Promise<JobStats> {
  return jobStats(options.db, options.now);
}
