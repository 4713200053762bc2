import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, mintAccountToken } from '../src/index';
import { sha256 } from '../src/random';
import { authError, confirmAddress, manualClock, newIp, newUser } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const mint = (userId: string, purpose: 'verify_email' | 'reset_password', email: string, now = new Date()) =>
  mintAccountToken(db.prisma, { userId, purpose, email, now }).then((t) => t!);

describe('confirming an address', () => {
  it('makes the pending address the verified one, once; the token is stored only as a hash', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user } = await auth.signUp(input);
    const token = await mint(user.id, 'verify_email', input.email);
    const stored = await db.prisma.accountToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(Buffer.from(stored.tokenHash).equals(Buffer.from(sha256(token)))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await auth.peekAccountToken(token, 'verify_email')).toEqual({
      username: input.username,
      email: input.email,
    });
    expect(await auth.peekAccountToken(token, 'reset_password')).toBeNull(); // a link is for one purpose
    await auth.confirmEmail({ token });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ email: input.email, pendingEmail: null });
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await authError(auth.confirmEmail({ token }))).toMatchObject({ code: 'invalid_token' });
    // Now the address signs in too.
    await expect(
      auth.logIn({ login: input.email, password: input.password, ip: newIp() }),
    ).resolves.toBeTruthy();
  });

  it('refuses an expired link, and a link for an address the user no longer asks for', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const input = newUser();
    const { user } = await auth.signUp(input);
    const expired = await mint(user.id, 'verify_email', input.email, clock.now());
    clock.advance(48 * 3600 + 1);
    expect(await authError(auth.confirmEmail({ token: expired }))).toMatchObject({ code: 'invalid_token' });

    const old = await mint(user.id, 'verify_email', input.email, clock.now());
    await db.prisma.user.update({ where: { id: user.id }, data: { pendingEmail: `other.${input.email}` } });
    expect(await authError(auth.confirmEmail({ token: old }))).toMatchObject({ code: 'invalid_token' });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBeNull();
  });

  it('never takes a verified address from another account, but takes one an old account never confirmed', async () => {
    const auth = createAuth(db);
    const owner = newUser();
    const { user: ownerUser } = await auth.signUp(owner);
    await confirmAddress(db, ownerUser.id, owner.email);
    const { user: squatter } = await auth.signUp({ ...newUser(), email: owner.email });
    const token = await mint(squatter.id, 'verify_email', owner.email);
    expect(await authError(auth.confirmEmail({ token }))).toMatchObject({ code: 'email_taken' });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: ownerUser.id } })).email).toBe(owner.email);

    // An account from before verification holds an address it never confirmed.
    const legacy = newUser();
    const { user: legacyUser } = await auth.signUp(legacy);
    await db.prisma.user.update({
      where: { id: legacyUser.id },
      data: { email: legacy.email, pendingEmail: null },
    });
    const { user: mailboxOwner } = await auth.signUp({ ...newUser(), email: legacy.email });
    await auth.confirmEmail({ token: await mint(mailboxOwner.id, 'verify_email', legacy.email) });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: mailboxOwner.id } })).email).toBe(
      legacy.email,
    );
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: legacyUser.id } })).email).toBeNull();
  });
});

describe('resetting a password by link', () => {
  it('sets the password, ends every session and API token, signs in here, and works once', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user, token: oldSession } = await auth.signUp(input);
    await confirmAddress(db, user.id, input.email);
    const other = await auth.logIn({ login: input.username, password: input.password, ip: newIp() });
    await db.prisma.apiToken.create({
      data: {
        id: `t-${user.id}`,
        userId: user.id,
        name: 'cli',
        secretHash: new Uint8Array(32),
        scope: 'write',
      },
    });
    const link = await mint(user.id, 'reset_password', input.email);

    // A weak choice is refused without spending the link.
    expect(await authError(auth.resetPassword({ token: link, newPassword: 'password' }))).toMatchObject({
      code: 'weak_password',
      field: 'newPassword',
    });
    const newPassword = `a brand new ${input.password}`;
    const result = await auth.resetPassword({ token: link, newPassword, ip: newIp() });
    expect(result.user.id).toBe(user.id);
    expect((await auth.validateSessionToken(oldSession)).session).toBeNull();
    expect((await auth.validateSessionToken(other.token)).session).toBeNull();
    expect((await auth.validateSessionToken(result.token)).session).not.toBeNull();
    expect(
      (await db.prisma.apiToken.findUniqueOrThrow({ where: { id: `t-${user.id}` } })).revokedAt,
    ).toBeInstanceOf(Date);
    expect(
      await authError(auth.logIn({ login: input.username, password: input.password, ip: newIp() })),
    ).toMatchObject({ code: 'invalid_credentials' });
    await expect(
      auth.logIn({ login: input.email, password: newPassword, ip: newIp() }),
    ).resolves.toBeTruthy();
    expect(
      await authError(auth.resetPassword({ token: link, newPassword: `${newPassword}2` })),
    ).toMatchObject({ code: 'invalid_token' });
  });

  it('lasts one hour, and dies when the account no longer has the address', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const input = newUser();
    const { user } = await auth.signUp(input);
    await confirmAddress(db, user.id, input.email);
    const late = await mint(user.id, 'reset_password', input.email, clock.now());
    clock.advance(3600);
    expect(
      await authError(auth.resetPassword({ token: late, newPassword: `x ${input.password} y` })),
    ).toMatchObject({ code: 'invalid_token' });
    const moved = await mint(user.id, 'reset_password', input.email, clock.now());
    await db.prisma.user.update({ where: { id: user.id }, data: { email: `moved.${input.email}` } });
    expect(
      await authError(auth.resetPassword({ token: moved, newPassword: `x ${input.password} y` })),
    ).toMatchObject({ code: 'invalid_token' });
  });

  it('of two uses of one link at once, exactly one succeeds', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user } = await auth.signUp(input);
    await confirmAddress(db, user.id, input.email);
    const link = await mint(user.id, 'reset_password', input.email);
    const results = await Promise.allSettled([
      auth.resetPassword({ token: link, newPassword: `first ${input.password}` }),
      auth.resetPassword({ token: link, newPassword: `second ${input.password}` }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses malformed and unknown tokens without a match', async () => {
    const auth = createAuth(db);
    for (const token of ['', 'short', 'A'.repeat(32), 'a'.repeat(32)]) {
      expect(
        await authError(auth.resetPassword({ token, newPassword: 'whatever long enough 123' })),
      ).toMatchObject({ code: 'invalid_token' });
    }
  });
});
