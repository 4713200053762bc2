// Queueing a mail: one Mail row and one `mail.send` job, written with the caller's transaction
// client, so a mail exists exactly when the action that caused it commits.
import { newId } from '@margins/db';
import { enqueue, type JobClient } from '@margins/jobs';
import { renderMail, type MailContent } from './render';

export const MAIL_TASK = 'mail.send';
/** 8 attempts with the queue's backoff span about 21 minutes of retries. */
export const MAIL_ATTEMPTS = 8;

export interface MailRequest extends MailContent {
  /** What kind of mail (verify-email, password-reset, new-chapter…), for the outbox and metrics. */
  kind: string;
  to: string;
  subject: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 8058). */
  headers?: Record<string, string>;
}

export async function queueMail(client: JobClient, request: MailRequest): Promise<{ id: string }> {
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(request.to)) throw new RangeError(`Not a mail address: ${request.to}`);
  if (/[\r\n]/.test(request.subject)) throw new RangeError('A mail subject is one line.');
  const { text, html } = renderMail(request);
  const id = newId();
  await client.mail.create({
    data: {
      id,
      kind: request.kind,
      to: request.to,
      subject: request.subject,
      text,
      html,
      reason: request.reason,
      headers: request.headers ?? {},
    },
  });
  await enqueue(client, MAIL_TASK, { mailId: id }, { key: `mail:${id}`, maxAttempts: MAIL_ATTEMPTS });
  return { id };
}
