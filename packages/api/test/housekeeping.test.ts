import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase, uniqueSuffix } from '@margins/db/test';
import { queueMail } from '@margins/mail';
import { startTestSmtpServer } from '@margins/mail/test';
import { createJobWorker, PRUNE_TASK } from '../src/jobs/index';
import { STAGED_UPLOAD_MAX_AGE_SECONDS } from '../src/services/chapter/staged-upload';
import { harness, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  // Pruning deletes every expired row: on a database of its own it cannot touch other tests'.
  db = await openPrivateTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db.close();
});

describe('housekeeping job', () => {
  it('prunes expired sessions, idle rate-limit rows and month-old mail on its hourly schedule, and keeps live ones', async () => {
    let t = new Date('2040-01-01T00:30:00.000Z').getTime();
    const now = () => new Date(t);
    const auth = createAuth(db, { now });
    const user = await h.user('keep');
    const stale = await db.prisma.session.create({
      data: {
        id: `s-${uniqueSuffix()}`,
        secretHash: new Uint8Array(32),
        userId: user.id,
        expiresAt: new Date(t - 1000),
      },
    });
    const live = await db.prisma.session.create({
      data: {
        id: `s-${uniqueSuffix()}`,
        secretHash: new Uint8Array(32),
        userId: user.id,
        expiresAt: new Date(t + 86_400_000),
        createdAt: new Date(t),
      },
    });
    const oldKey = `test-old-${uniqueSuffix()}`;
    const freshKey = `test-fresh-${uniqueSuffix()}`;
    await db.prisma.rateLimit.createMany({
      data: [
        { key: oldKey, count: 3, windowStart: new Date(t - 3 * 86_400_000) },
        { key: freshKey, count: 3, windowStart: new Date(t - 3600_000) },
      ],
    });
    const oldMail = `m-${uniqueSuffix()}`;
    const freshMail = `m-${uniqueSuffix()}`;
    const mailRow = {
      kind: 'test',
      to: 'a@example.test',
      subject: 's',
      text: 't',
      html: 'h',
      reason: 'r',
      state: 'kept' as const,
    };
    await db.prisma.mail.createMany({
      data: [
        { ...mailRow, id: oldMail, createdAt: new Date(t - 31 * 86_400_000) },
        { ...mailRow, id: freshMail, createdAt: new Date(t - 86_400_000) },
      ],
    });
    const worker = createJobWorker({ db, auth, now, worker: { onError: () => {} } });
    // No one enqueued anything: the schedule alone makes the run happen.
    expect(await worker.runDue()).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.session.findUnique({ where: { id: stale.id } })).toBeNull();
    expect(await db.prisma.session.findUnique({ where: { id: live.id } })).not.toBeNull();
    expect(await db.prisma.rateLimit.findUnique({ where: { key: oldKey } })).toBeNull();
    expect(await db.prisma.rateLimit.findUnique({ where: { key: freshKey } })).not.toBeNull();
    expect(await db.prisma.mail.findUnique({ where: { id: oldMail } })).toBeNull();
    expect(await db.prisma.mail.findUnique({ where: { id: freshMail } })).not.toBeNull();
    const slot = Math.floor(t / 3_600_000);
    expect(
      await db.prisma.job.findUnique({ where: { key: `schedule:${PRUNE_TASK}:3600:${slot}` } }),
    ).toMatchObject({ state: 'done' });

    // Later in the same hour nothing runs again; in the next hour it does.
    // (Other schedules, e.g. the minutely follow.due, run too: count the prune runs themselves.)
    const pruneRuns = () => db.prisma.job.count({ where: { task: PRUNE_TASK } });
    t += 20 * 60_000;
    await worker.runDue();
    expect(await pruneRuns()).toBe(1);
    t += 20 * 60_000;
    await worker.runDue();
    expect(await pruneRuns()).toBe(2);
  });
});

describe('staged uploads', () => {
  it('the hourly prune removes staged uploads past their hour and keeps fresh ones', async () => {
    let t = new Date('2040-02-01T00:30:00.000Z').getTime();
    const now = () => new Date(t);
    const auth = createAuth(db, { now });
    const user = await h.user('stager');
    const story = await db.prisma.story.create({
      data: { id: `st-${uniqueSuffix()}`, title: 'Staged', slug: `staged-${uniqueSuffix()}` },
    });
    const row = (id: string, ageSeconds: number) => ({
      id,
      userId: user.id,
      storyId: story.id,
      format: 'markdown' as const,
      source: new TextEncoder().encode('Text.'),
      settings: {},
      createdAt: new Date(t - ageSeconds * 1000),
    });
    const old = `su-${uniqueSuffix()}`;
    const fresh = `su-${uniqueSuffix()}`;
    await db.prisma.stagedUpload.createMany({
      data: [row(old, STAGED_UPLOAD_MAX_AGE_SECONDS + 60), row(fresh, 60)],
    });
    const worker = createJobWorker({ db, auth, now, worker: { onError: () => {} } });
    await worker.runDue();
    expect(await db.prisma.stagedUpload.findUnique({ where: { id: old } })).toBeNull();
    expect(await db.prisma.stagedUpload.findUnique({ where: { id: fresh } })).not.toBeNull();
    t += 3600_000;
    await worker.runDue();
    expect(await db.prisma.stagedUpload.findUnique({ where: { id: fresh } })).toBeNull();
  });
});

describe('mail through the app worker', () => {
  it('with SMTP_URL set, a queued mail reaches the SMTP server; without, it stays in the outbox', async () => {
    const smtp = await startTestSmtpServer();
    try {
      const sending = createJobWorker({
        db,
        auth: h.auth,
        mail: { smtpUrl: smtp.url, from: 'Margins <no-reply@margins.test>' },
        worker: { onError: () => {} },
      });
      const subject = `Hello ${uniqueSuffix()}`;
      await db.prisma.$transaction((tx) =>
        queueMail(tx, {
          kind: 'test',
          to: 'reader@example.test',
          subject,
          paragraphs: ['Hi.'],
          reason: 'A test asked for it.',
        }),
      );
      await sending.runDue();
      expect(smtp.received.map((m) => m.subject)).toContain(subject);

      const keeping = createJobWorker({ db, auth: h.auth, worker: { onError: () => {} } });
      const kept = `Kept ${uniqueSuffix()}`;
      const { id } = await queueMail(db.prisma, {
        kind: 'test',
        to: 'reader@example.test',
        subject: kept,
        paragraphs: ['Hi.'],
        reason: 'A test asked for it.',
      });
      await keeping.runDue();
      expect(await db.prisma.mail.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'kept' });
      expect(smtp.received.map((m) => m.subject)).not.toContain(kept);
    } finally {
      await smtp.close();
    }
  });
});
