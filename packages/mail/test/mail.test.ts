import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase, uniqueSuffix } from '@margins/db/test';
import { createWorker, retryDelaySeconds } from '@margins/jobs';
import { mailTasks, queueMail, renderMail, smtpTransport, type MailRequest } from '../src/index';
import { startTestSmtpServer, type TestSmtpServer } from '../src/testing';

let db: Database;
let smtp: TestSmtpServer;
beforeAll(async () => {
  // Its own database: the worker claims every due mail job, so no other test file may share them.
  db = await openPrivateTestDatabase();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await db.close();
});

const quiet = () => {};

function request(overrides: Partial<MailRequest> = {}): MailRequest {
  const who = uniqueSuffix();
  return {
    kind: 'verify-email',
    to: `reader-${who}@example.test`,
    subject: 'Confirm your address',
    paragraphs: ['Hello <b>Lexie</b> & friends,', 'Please confirm this is your address.'],
    action: { label: 'Confirm my address', url: `https://margins.example/verify?token=${who}` },
    reason: 'You signed up on Margins with this address.',
    headers: {
      'List-Unsubscribe': '<https://margins.example/u/unsubscribe?t=1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...overrides,
  };
}

/** A clock a little ahead of the database's, which dates new jobs (runAt defaults to its now()). */
function clock() {
  let t = Date.now() + 5000;
  return { now: () => new Date(t), advance: (s: number) => (t += s * 1000) };
}

describe('mail', () => {
  it('goes out through a real SMTP server with both bodies, the reason and its headers; the stored bodies are cleared', async () => {
    const transport = smtpTransport(smtp.url);
    const worker = createWorker(db, {
      tasks: mailTasks({
        db,
        transport,
        from: 'Margins <no-reply@margins.example>',
        messageIdDomain: 'margins.example',
      }),
      onError: quiet,
    });
    const r = request();
    const { id } = await db.prisma.$transaction((tx) => queueMail(tx, r));
    expect(await worker.runDue()).toBe(1);
    const mail = smtp.received.find((m) => m.subject === r.subject && m.text?.includes(r.action!.url));
    expect(mail).toBeDefined();
    expect(mail!.from?.value[0]).toMatchObject({ name: 'Margins', address: 'no-reply@margins.example' });
    expect((mail!.to as { text: string }).text).toBe(r.to);
    expect(mail!.messageId).toBe(`<${id}@margins.example>`);
    expect(mail!.text).toContain(r.reason);
    expect(mail!.text).toContain('Hello <b>Lexie</b> & friends,');
    expect(mail!.html).toContain(r.reason);
    expect(mail!.html).toContain('Hello &lt;b&gt;Lexie&lt;/b&gt; &amp; friends,');
    expect(mail!.html).toContain(`href="${r.action!.url}"`);
    const lines = mail!.headerLines.map((h) => h.line);
    expect(lines).toContain('List-Unsubscribe: <https://margins.example/u/unsubscribe?t=1>');
    expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const row = await db.prisma.mail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: 'sent', text: '', html: '' });
    expect(row.sentAt).not.toBeNull();
  });

  it('a temporary SMTP refusal is retried after the backoff and delivered once', async () => {
    const c = clock();
    const worker = createWorker(db, {
      tasks: mailTasks({
        db,
        transport: smtpTransport(smtp.url),
        from: 'no-reply@margins.example',
        now: c.now,
      }),
      now: c.now,
      onError: quiet,
    });
    const r = request({ subject: `Retry ${uniqueSuffix()}` });
    const { id } = await queueMail(db.prisma, r);
    smtp.refuseNext(1);
    expect(await worker.runDue()).toBe(1);
    expect(smtp.received.filter((m) => m.subject === r.subject)).toHaveLength(0);
    const afterRefusal = await db.prisma.mail.findUniqueOrThrow({ where: { id } });
    expect(afterRefusal.state).toBe('queued');
    expect(afterRefusal.error).toContain('451');
    expect(await worker.runDue()).toBe(0);
    c.advance(retryDelaySeconds(1));
    expect(await worker.runDue()).toBe(1);
    expect(smtp.received.filter((m) => m.subject === r.subject)).toHaveLength(1);
    expect(await db.prisma.mail.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'sent',
      error: null,
    });
    // A repeat of the job (at-least-once delivery) finds the mail sent and sends nothing.
    const again = mailTasks({ db, transport: smtpTransport(smtp.url), from: 'x@margins.example' })[
      'mail.send'
    ]!;
    await again({ mailId: id }, { id: 'repeat', attempt: 3, now: c.now() });
    expect(smtp.received.filter((m) => m.subject === r.subject)).toHaveLength(1);
  });

  it('with no SMTP server the mail is kept in the outbox and its links are printed', async () => {
    const lines: string[] = [];
    const worker = createWorker(db, {
      tasks: mailTasks({ db, transport: null, from: 'no-reply@margins.example', log: (l) => lines.push(l) }),
      onError: quiet,
    });
    const r = request({ subject: `Kept ${uniqueSuffix()}` });
    const before = smtp.received.length;
    const { id } = await queueMail(db.prisma, r);
    await worker.runDue();
    const row = await db.prisma.mail.findUniqueOrThrow({ where: { id } });
    expect(row.state).toBe('kept');
    expect(row.text).toContain(r.action!.url);
    expect(lines.join('\n')).toContain(r.action!.url);
    expect(smtp.received.length).toBe(before);
  });

  it('no mail exists for an action that rolled back', async () => {
    const r = request({ subject: `Rolled back ${uniqueSuffix()}` });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await queueMail(tx, r);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await db.prisma.mail.count({ where: { subject: r.subject } })).toBe(0);
    expect(
      await db.prisma.job.count({
        where: { task: 'mail.send', key: { startsWith: 'mail:' }, state: 'queued' },
      }),
    ).toBe(0);
  });

  it('refuses header injection and non-http links', async () => {
    await expect(
      queueMail(db.prisma, request({ subject: 'Hi\r\nBcc: everyone@example.test' })),
    ).rejects.toThrow('one line');
    await expect(queueMail(db.prisma, request({ to: 'a@b.test\r\nBcc: x@y.test' }))).rejects.toThrow(
      'Not a mail address',
    );
    expect(() =>
      renderMail({ paragraphs: [], reason: 'r', action: { label: 'x', url: 'javascript:alert(1)' } }),
    ).toThrow('http');
  });
});
