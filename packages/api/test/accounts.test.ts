// Addresses and recovery end to end through the API, the job worker and a real SMTP server
// (docs/auth.md): sign up with an address, confirm it from the mail, reset a forgotten password
// from the mail; and the answers that must not reveal whether an address has an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@margins/db';
import { openPrivateTestDatabase, uniqueSuffix } from '@margins/db/test';
import { startTestSmtpServer, type TestSmtpServer } from '@margins/mail/test';
import { createJobWorker } from '../src/jobs/index';
import { ADDRESS_TASK, RESET_TASK } from '../src/services/account/addresses';
import { cookieJar, harness, outcome, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
let smtp: TestSmtpServer;
let worker: ReturnType<typeof createJobWorker>;
beforeAll(async () => {
  // The worker runs every due job: on a database of its own it meets only this file's.
  db = await openPrivateTestDatabase();
  h = await harness(db);
  smtp = await startTestSmtpServer();
  worker = createJobWorker({
    db,
    auth: h.auth,
    siteUrl: 'http://margins.test',
    mail: { smtpUrl: smtp.url, from: 'Margins <no-reply@margins.test>' },
    worker: { onError: () => {} },
  });
});
afterAll(async () => {
  await smtp?.close();
  await db?.close();
});

const PASSWORD = 'seven gulls over the north jetty';
const newName = () => `acc_${uniqueSuffix()}`.slice(0, 30);
const mailTo = (to: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
const linkIn = (text: string, path: string) =>
  new RegExp(`http://margins\\.test/${path}/([a-z2-9]+)`).exec(text)?.[1];

async function signUp(email: string, username = newName()) {
  const cookies = cookieJar();
  const caller = h.caller(null, { cookies });
  const result = await caller.auth.signUp({ username, email, password: PASSWORD });
  return { ...result, cookies, username };
}

/** The writes one request made, by table: what an observer of timing or the database could tell apart. */
async function counts() {
  const [jobs, tokens, mail, users] = await Promise.all([
    db.prisma.job.count(),
    db.prisma.accountToken.count(),
    db.prisma.mail.count(),
    db.prisma.user.count(),
  ]);
  return { jobs, tokens, mail, users };
}

describe('addresses and recovery, through the mail', () => {
  it('signs up with an address, confirms it from the mail, resets a forgotten password from the mail; old sessions are gone', async () => {
    const email = `${uniqueSuffix()}@example.test`;
    const { user, cookies, username } = await signUp(email);
    const me = h.caller(user);
    expect(await me.account.address()).toEqual({ email: null, verified: false, pending: email });

    await worker.runDue();
    const [verifyMail] = mailTo(email);
    expect(verifyMail?.subject).toBe('Confirm your address on Margins');
    expect(verifyMail?.text).toContain('You get this mail because');
    const verifyToken = linkIn(verifyMail!.text!, 'verify')!;
    expect(verifyMail?.html).toContain(`/verify/${verifyToken}`);
    // The link is stored only as a hash.
    const rows = await db.prisma.accountToken.findMany({ where: { userId: user.id } });
    expect(JSON.stringify(rows)).not.toContain(verifyToken);

    const anonymous = h.caller(null);
    expect(await anonymous.account.link({ token: verifyToken, purpose: 'verify_email' })).toEqual({
      username,
      email,
    });
    await anonymous.account.confirmAddress({ token: verifyToken });
    expect(await me.account.address()).toEqual({ email, verified: true, pending: null });
    expect((await trpcError(anonymous.account.confirmAddress({ token: verifyToken }))).code).toBe(
      'BAD_REQUEST',
    );

    // Forgotten: the reset mail, then the reset from it.
    const sessionBefore = cookies.token!;
    const other = await h.auth.logIn({ login: email, password: PASSWORD, ip: `ip-${uniqueSuffix()}` });
    expect(await anonymous.account.requestPasswordReset({ email: email.toUpperCase() })).toEqual({
      ok: true,
    });
    await worker.runDue();
    const resetMail = mailTo(email).find((m) => m.subject === 'Reset your Margins password');
    const resetToken = linkIn(resetMail!.text!, 'reset')!;
    const jar = cookieJar();
    await h
      .caller(null, { cookies: jar })
      .account.resetPassword({ token: resetToken, newPassword: 'a new lamp for the keeper 7' });
    expect(jar.token).toBeTruthy();
    expect((await h.auth.validateSessionToken(sessionBefore)).session).toBeNull();
    expect((await h.auth.validateSessionToken(other.token)).session).toBeNull();
    expect((await h.auth.validateSessionToken(jar.token!)).user?.id).toBe(user.id);
    // Single use.
    expect(
      (
        await trpcError(
          anonymous.account.resetPassword({ token: resetToken, newPassword: 'another new lamp 8 for him' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('a sign-up with an address another account has answers exactly as one with a new address; only the owner hears of it', async () => {
    const ownerEmail = `${uniqueSuffix()}@example.test`;
    const owner = await signUp(ownerEmail);
    await worker.runDue();
    await h.caller(null).account.confirmAddress({ token: linkIn(mailTo(ownerEmail)[0]!.text!, 'verify')! });

    const before = await counts();
    const taken = await signUp(ownerEmail);
    const middle = await counts();
    const freshEmail = `${uniqueSuffix()}@example.test`;
    const fresh = await signUp(freshEmail);
    const after = await counts();
    // Same answer, same writes while the caller waits (one user, one job; no mail, no token yet).
    expect(Object.keys(taken.user).sort()).toEqual(Object.keys(fresh.user).sort());
    expect(Boolean(taken.cookies.token)).toBe(true);
    expect(Boolean(fresh.cookies.token)).toBe(true);
    const diff = (a: typeof before, b: typeof before) => ({
      jobs: b.jobs - a.jobs,
      tokens: b.tokens - a.tokens,
      mail: b.mail - a.mail,
      users: b.users - a.users,
    });
    expect(diff(before, middle)).toEqual({ jobs: 1, tokens: 0, mail: 0, users: 1 });
    expect(diff(middle, after)).toEqual(diff(before, middle));
    expect(await h.caller(taken.user).account.address()).toEqual({
      email: null,
      verified: false,
      pending: ownerEmail,
    });
    expect(await h.caller(fresh.user).account.address()).toEqual({
      email: null,
      verified: false,
      pending: freshEmail,
    });

    await worker.runDue();
    const toOwner = mailTo(ownerEmail).slice(1);
    expect(toOwner.map((m) => m.subject)).toEqual(['Your address was entered for another Margins account']);
    expect(toOwner[0]!.text).not.toMatch(/\/verify\//);
    expect(await db.prisma.accountToken.count({ where: { userId: taken.user.id } })).toBe(0);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: owner.user.id } })).email).toBe(ownerEmail);
    expect(mailTo(freshEmail).map((m) => m.subject)).toEqual(['Confirm your address on Margins']);
  });

  it('a reset request answers the same for a verified, an unverified and an unknown address; only the verified one gets mail', async () => {
    const verified = `${uniqueSuffix()}@example.test`;
    const unverified = `${uniqueSuffix()}@example.test`;
    const unknown = `${uniqueSuffix()}@example.test`;
    const a = await signUp(verified);
    await db.prisma.user.update({
      where: { id: a.user.id },
      data: { email: verified, emailVerifiedAt: new Date(), pendingEmail: null },
    });
    const b = await signUp(unverified);
    await db.prisma.user.update({
      where: { id: b.user.id },
      data: { email: unverified, pendingEmail: null },
    }); // an account from before confirmation
    await worker.runDue();
    const received = smtp.received.length;

    const answers: unknown[] = [];
    const writes: unknown[] = [];
    for (const email of [verified, unverified, unknown]) {
      const before = await counts();
      answers.push(await h.caller(null).account.requestPasswordReset({ email }));
      const after = await counts();
      writes.push({
        jobs: after.jobs - before.jobs,
        tokens: after.tokens - before.tokens,
        mail: after.mail - before.mail,
      });
    }
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(writes).toEqual([
      { jobs: 1, tokens: 0, mail: 0 },
      { jobs: 1, tokens: 0, mail: 0 },
      { jobs: 1, tokens: 0, mail: 0 },
    ]);
    const queued = await db.prisma.job.findMany({
      where: { task: RESET_TASK, state: 'queued' },
      select: { payload: true },
    });
    expect(queued).toHaveLength(3);
    await worker.runDue();
    expect(
      smtp.received.slice(received).map((m) => [m.to && !Array.isArray(m.to) ? m.to.text : '', m.subject]),
    ).toEqual([[verified, 'Reset your Margins password']]);
  });

  it('limits reset requests per address and per client address, the same whether or not the address has an account', async () => {
    const known = `${uniqueSuffix()}@example.test`;
    const { user } = await signUp(known);
    await db.prisma.user.update({
      where: { id: user.id },
      data: { email: known, emailVerifiedAt: new Date() },
    });
    const unknown = `${uniqueSuffix()}@example.test`;
    for (const email of [known, unknown]) {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await outcome(() => h.caller(null).account.requestPasswordReset({ email })));
      expect(results, email).toEqual(['OK', 'OK', 'OK', 'TOO_MANY_REQUESTS']);
    }
    const ip = `ip-${uniqueSuffix()}`;
    const fromOneClient = [];
    for (let i = 0; i < 11; i++) {
      fromOneClient.push(
        await outcome(() =>
          h
            .caller(null, { clientAddress: ip })
            .account.requestPasswordReset({ email: `${uniqueSuffix()}@example.test` }),
        ),
      );
    }
    expect(fromOneClient.filter((o) => o === 'OK')).toHaveLength(10);
    expect(fromOneClient.at(-1)).toBe('TOO_MANY_REQUESTS');
  });

  it('changes the address only after the new one is confirmed, and tells the old one', async () => {
    const old = `${uniqueSuffix()}@example.test`;
    const { user } = await signUp(old);
    await db.prisma.user.update({
      where: { id: user.id },
      data: { email: old, emailVerifiedAt: new Date(), pendingEmail: null },
    });
    const me = h.caller(user);
    expect(
      (
        await trpcError(
          me.account.changeAddress({ email: 'x@example.test', currentPassword: 'wrong password 123' }),
        )
      ).code,
    ).toBe('UNAUTHORIZED');
    const next = `${uniqueSuffix()}@example.test`;
    await me.account.changeAddress({ email: next, currentPassword: PASSWORD });
    expect(await me.account.address()).toEqual({ email: old, verified: true, pending: next });
    expect(await db.prisma.job.count({ where: { task: ADDRESS_TASK, state: 'queued' } })).toBeGreaterThan(0);
    await worker.runDue();
    const token = linkIn(mailTo(next)[0]!.text!, 'verify')!;
    expect(mailTo(old)).toHaveLength(0); // nothing yet: the change has not happened
    await h.caller(null).account.confirmAddress({ token });
    expect(await me.account.address()).toEqual({ email: next, verified: true, pending: null });
    await worker.runDue();
    const notice = mailTo(old);
    expect(notice.map((m) => m.subject)).toEqual(['Your Margins address was changed']);
    expect(notice[0]!.text).toContain(`${next[0]}***@example.test`);
  });
});
