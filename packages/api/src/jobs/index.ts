// Every background task the app runs, in one worker per app instance (packages/jobs).
import type { Auth } from '../auth';
import type { Database } from '@margins/db';
import { createWorker, type Worker, type WorkerOptions } from '@margins/jobs';
import { mailTasks, smtpTransport } from '@margins/mail';
import { follow } from './follow';
import { housekeeping } from './housekeeping';
import { accountTasks } from '../services/account/addresses';

export { PRUNE_TASK } from './housekeeping';

export function createJobWorker(options: {
  db: Database;
  auth: Auth;
  now?: () => Date;
  /** No smtpUrl: mail is kept in the outbox (docs/mail.md). */
  mail?: { smtpUrl?: string | undefined; from: string; log?: (line: string) => void };
  /** Where links in mail point (the app's public origin). */
  siteUrl?: string;
  worker?: Omit<WorkerOptions, 'tasks' | 'schedules' | 'now'>;
}): Worker {
  const now = options.now ?? (() => new Date());
  const siteUrl = (options.siteUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const parts = [
    housekeeping({ db: options.db, auth: options.auth, now }),
    { tasks: accountTasks({ db: options.db, now, siteUrl }), schedules: [] },
    follow({ db: options.db, now, siteUrl }),
  ];
  const mail = mailTasks({
    db: options.db,
    transport: options.mail?.smtpUrl ? smtpTransport(options.mail.smtpUrl) : null,
    from: options.mail?.from ?? 'Margins <no-reply@localhost>',
    now,
    ...(options.mail?.log ? { log: options.mail.log } : {}),
  });
  return createWorker(options.db, {
    ...options.worker,
    now,
    tasks: Object.assign({}, mail, ...parts.map((p) => p.tasks)) as WorkerOptions['tasks'],
    schedules: parts.flatMap((p) => p.schedules),
  });
}
