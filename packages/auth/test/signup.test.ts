import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, validatePassword } from '../src/index';
import { authError, confirmAddress, manualClock, newIp, newUser } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('validatePassword', () => {
  const ctx = { username: 'ada_l', email: 'ada.lovelace@example.test' };
  it.each([
    ['short', 'Tr0ub4dor'],
    ['too long', 'x'.repeat(257)],
    ['common', 'password123'],
    ['common, any case', 'QwertyUIOP'],
    ['common', '1234567890'],
    ['contains the username', 'my name is ADA_L, hi'],
    ['is the email', 'ada.lovelace@example.test'],
    ['contains the email name', 'ada.lovelace rules all'],
  ])('rejects a password that is %s', (_why, password) => {
    expect(validatePassword(password, ctx)).toEqual(expect.any(String));
  });

  it.each([['correct horse battery staple'], ['x'.repeat(256)], ['ünïcödé-pässwörd-✓'], ['Tr0ub4dor&3x']])(
    'accepts %s',
    (password) => {
      expect(validatePassword(password, ctx)).toBeNull();
    },
  );

  it('counts characters, not UTF-16 units', () => {
    expect(validatePassword('🔐'.repeat(9), ctx)).toEqual(expect.any(String));
    expect(validatePassword('🔐'.repeat(10), ctx)).toBeNull();
  });
});

describe('signUp validation', () => {
  it.each([
    ['username', { username: 'ab' }],
    ['username', { username: 'x'.repeat(31) }],
    ['username', { username: 'has space' }],
    ['username', { username: 'at@sign' }],
    ['username', { username: 'émile' }],
    ['email', { email: 'not-an-email' }],
    ['email', { email: '' }],
  ])('rejects a bad %s as invalid_input', async (field, override) => {
    const auth = createAuth(db);
    const error = await authError(auth.signUp({ ...newUser(), ...override }));
    expect(error).toMatchObject({ code: 'invalid_input', field });
  });

  it.each([
    ['too short', 'short1'],
    ['common', 'iloveyou123'],
  ])('rejects a %s password as weak_password on the password field', async (_why, password) => {
    const auth = createAuth(db);
    const error = await authError(auth.signUp({ ...newUser(), password }));
    expect(error).toMatchObject({ code: 'weak_password', field: 'password' });
  });

  it('rejects a password containing the username', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const error = await authError(
      auth.signUp({ ...input, password: `${input.username.toUpperCase()}-secret!` }),
    );
    expect(error).toMatchObject({ code: 'weak_password', field: 'password' });
    expect(await db.prisma.user.findUnique({ where: { username: input.username } })).toBeNull();
  });

  it('keeps usernames unique case-insensitively, stored as typed', async () => {
    const auth = createAuth(db);
    const input = newUser('Mixed');
    const { user } = await auth.signUp(input);
    expect(user.username).toBe(input.username);
    const error = await authError(auth.signUp({ ...newUser(), username: input.username.toLowerCase() }));
    expect(error).toMatchObject({ code: 'username_taken', field: 'username' });
  });

  it('keeps the asked-for address pending, lowercased; an address another account has gets the same answer (no enumeration)', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user } = await auth.signUp({ ...input, email: `  ${input.email.toUpperCase()} ` });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    // Not the account's address until its owner follows the mailed link.
    expect(row).toMatchObject({
      email: null,
      emailVerifiedAt: null,
      pendingEmail: input.email.toLowerCase(),
    });
    await confirmAddress(db, user.id, input.email);
    // A second sign-up with that address succeeds like any other: whether it is taken is never answered here.
    const second = newUser();
    const taken = await auth.signUp({ ...second, email: input.email });
    const fresh = await auth.signUp(newUser());
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    const secondRow = await db.prisma.user.findUniqueOrThrow({ where: { id: taken.user.id } });
    expect(secondRow).toMatchObject({ email: null, pendingEmail: input.email.toLowerCase() });
  });

  it('of concurrent sign-ups of one name in different cases, exactly one succeeds', async () => {
    const auth = createAuth(db);
    const base = newUser('Race');
    const attempts = [base.username, base.username.toLowerCase(), base.username.toUpperCase()].map(
      (username) =>
        auth.signUp({ ...newUser(), username }).then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        ),
    );
    const outcomes = (await Promise.all(attempts)).sort();
    expect(outcomes).toEqual(['ok', 'username_taken', 'username_taken']);
  });

  it('the database itself refuses a username that differs only in case', async () => {
    // Another code path (the seed, a script) has no sign-up check in front of it.
    const auth = createAuth(db);
    const { user } = await auth.signUp(newUser('Index'));
    const insert = db.prisma.user.create({
      data: {
        id: `${user.id}-twin`,
        username: user.username.toUpperCase(),
        email: `twin-${newUser().email}`,
        passwordHash: 'x',
      },
    });
    await expect(insert).rejects.toMatchObject({ code: 'P2002' });
  });

  it('stores an argon2id hash with the required parameters, not the password', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user } = await auth.signUp(input);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(input.password);
  });

  it('rate-limits sign-ups per IP when an IP is given', async () => {
    const clock = manualClock();
    const auth = createAuth(db, {
      now: clock.now,
      rateLimits: { signUpIp: { limit: 2, windowSeconds: 3600 } },
    });
    const ip = newIp();
    await auth.signUp({ ...newUser(), ip });
    await auth.signUp({ ...newUser(), ip });
    clock.advance(600);
    expect(await authError(auth.signUp({ ...newUser(), ip }))).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 3000,
    });
    await auth.signUp({ ...newUser(), ip: newIp() });
  });
});
