// The `mail.send` task: hands a queued Mail to SMTP (nodemailer), or keeps it in the outbox when
// no SMTP server is configured (the embedded default), printing its links for the developer.
import type { Database } from '@margins/db';
import type { TaskHandler } from '@margins/jobs';
import nodemailer from 'nodemailer';
import { MAIL_ATTEMPTS, MAIL_TASK } from './outbox';

/** What the task needs of a transport: nodemailer's `sendMail`. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    headers: Record<string, string>;
    messageId: string;
  }): Promise<{ messageId?: string }>;
  close?(): void;
}

/** An SMTP transport from a URL such as smtp://user:pass@host:587 or smtps://host:465. */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url);
}

export interface MailTaskOptions {
  db: Database;
  /** null: no SMTP server; mail is kept in the outbox. */
  transport: MailTransport | null;
  /** The From address, e.g. "Margins <no-reply@margins.example>". */
  from: string;
  /** The domain part of Message-IDs. */
  messageIdDomain?: string;
  now?: () => Date;
  /** Where outbox mode prints a kept mail's links (default console.log). */
  log?: (line: string) => void;
}

const LINK = /https?:\/\/[^\s<>"]+/g;

export function mailTasks(options: MailTaskOptions): Record<string, TaskHandler> {
  const { db, transport, from } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const domain = options.messageIdDomain ?? 'margins.invalid';

  const send: TaskHandler = async (payload, context) => {
    const { mailId } = payload as { mailId: string };
    const mail = await db.prisma.mail.findUnique({ where: { id: mailId } });
    // Idempotent: a retried job finds the mail already sent or kept and does nothing.
    if (!mail || mail.state !== 'queued') return;
    if (!transport) {
      await db.prisma.mail.updateMany({ where: { id: mailId, state: 'queued' }, data: { state: 'kept' } });
      const links = mail.text.match(LINK) ?? [];
      log(
        `Mail kept in the outbox (no SMTP_URL): "${mail.subject}" to ${mail.to}${links.map((l) => `\n  ${l}`).join('')}`,
      );
      return;
    }
    try {
      // A Message-ID derived from the row: if a crash repeats a send, receivers see the same message.
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers as Record<string, string>,
        messageId: `<${mailId}@${domain}>`,
      });
      // Bodies may hold single-use links: once SMTP has them, the database need not.
      await db.prisma.mail.update({
        where: { id: mailId },
        data: {
          state: 'sent',
          sentAt: now(),
          messageId: info.messageId ?? null,
          text: '',
          html: '',
          error: null,
        },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = context.attempt >= MAIL_ATTEMPTS;
      await db.prisma.mail.update({
        where: { id: mailId },
        data: final ? { state: 'failed', error: message.slice(0, 1000) } : { error: message.slice(0, 1000) },
      });
      throw error;
    }
  };
  return { [MAIL_TASK]: send };
}
