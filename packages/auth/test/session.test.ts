import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, parseSessionToken } from '../src/index';
import { sha256 } from '../src/random';
import { authError, confirmAddress, DAY, manualClock, newIp, newUser } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('sign up, log in, validate', () => {
  it('signs up (and in), logs in by username or email, and validates the tokens', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const signedUp = await auth.signUp({ ...input, ip: newIp(), userAgent: 'test-agent' });
    await confirmAddress(db, signedUp.user.id, input.email);
    expect(signedUp.user).toEqual({ id: expect.any(String), username: input.username, displayName: null });

    const first = await auth.validateSessionToken(signedUp.token);
    expect(first.user).toEqual(signedUp.user);
    expect(first.session?.userAgent).toBe('test-agent');
    expect(first.session?.expiresAt).toEqual(signedUp.expiresAt);

    const byName = await auth.logIn({
      login: input.username.toUpperCase(),
      password: input.password,
      ip: newIp(),
    });
    const byEmail = await auth.logIn({
      login: input.email.toUpperCase(),
      password: input.password,
      ip: newIp(),
    });
    for (const result of [byName, byEmail]) {
      expect(result.user).toEqual(signedUp.user);
      const validation = await auth.validateSessionToken(result.token);
      expect(validation.user?.id).toBe(signedUp.user.id);
    }
  });

  it('exposes only the SessionUser fields, never the password hash or email', async () => {
    const auth = createAuth(db);
    const { token } = await auth.signUp(newUser());
    const { user, session } = await auth.validateSessionToken(token);
    expect(Object.keys(user ?? {}).sort()).toEqual(['displayName', 'id', 'username']);
    expect(Object.keys(session ?? {}).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'ipAddress',
      'lastSeenAt',
      'userAgent',
    ]);
  });

  it('stores only a SHA-256 of the secret, never the secret or the token', async () => {
    const auth = createAuth(db);
    const { token } = await auth.signUp(newUser());
    const parts = parseSessionToken(token);
    expect(parts).not.toBeNull();
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: parts!.id } });
    expect(Buffer.from(row.secretHash).equals(Buffer.from(sha256(parts!.secret)))).toBe(true);
    expect(row.secretHash.byteLength).toBe(32);
    const stored = JSON.stringify({ ...row, secretHash: Buffer.from(row.secretHash).toString('latin1') });
    expect(stored).not.toContain(parts!.secret);
    expect(Buffer.from(row.secretHash).toString('utf8')).not.toContain(parts!.secret);
  });

  it('rejects tampered and malformed tokens', async () => {
    const auth = createAuth(db);
    const { token } = await auth.signUp(newUser());
    const [id, secret] = token.split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    const otherSecret = (await auth.signUp(newUser())).token.split('.')[1]!;
    const bad = [
      `${id}.${flipped}`,
      `${id}.${otherSecret}`,
      `${id}`,
      `${id}.`,
      `.${secret}`,
      `${id}.${secret}.x`,
      `${id}.${secret}x`,
      `${id.toUpperCase()}.${secret}`,
      '',
      'not a token',
      `${'a'.repeat(24)}.${secret}`,
    ];
    for (const candidate of bad) {
      expect(await auth.validateSessionToken(candidate), candidate).toEqual({ session: null, user: null });
    }
    // A wrong secret must not log the real owner out.
    expect((await auth.validateSessionToken(token)).session?.id).toBe(id);
  });

  it('creates a new session at every login', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user, token } = await auth.signUp(input);
    const a = await auth.logIn({ login: input.username, password: input.password, ip: newIp() });
    const b = await auth.logIn({ login: input.username, password: input.password, ip: newIp() });
    const ids = [token, a.token, b.token].map((t) => parseSessionToken(t)!.id);
    expect(new Set(ids).size).toBe(3);
    expect((await auth.listSessions(user.id)).map((s) => s.id).sort()).toEqual([...ids].sort());
  });
});

describe('session lifetime', () => {
  it('slides the 30-day inactivity expiry, writing at most once a day', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const start = clock.now();
    const { token, expiresAt } = await auth.signUp(newUser());
    expect(expiresAt).toEqual(new Date(start.getTime() + 30 * DAY * 1000));
    const id = parseSessionToken(token)!.id;

    clock.advance(DAY / 2);
    const early = await auth.validateSessionToken(token);
    expect(early.session?.expiresAt).toEqual(expiresAt);
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(start);

    clock.advance(DAY); // 1.5 days after the last extension
    const extendedAt = clock.now();
    const extended = await auth.validateSessionToken(token);
    const newExpiry = new Date(extendedAt.getTime() + 30 * DAY * 1000);
    expect(extended.session?.expiresAt).toEqual(newExpiry);
    expect(extended.session?.lastSeenAt).toEqual(extendedAt);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt).toEqual(newExpiry);
    expect(row.lastSeenAt).toEqual(extendedAt);

    // Past the original expiry, still alive thanks to the extension.
    clock.set(new Date(expiresAt.getTime() + 1000));
    expect((await auth.validateSessionToken(token)).session?.id).toBe(id);
  });

  it('expires a session unused for 30 days and deletes it', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const { token, expiresAt } = await auth.signUp(newUser());
    const id = parseSessionToken(token)!.id;
    clock.set(expiresAt);
    expect(await auth.validateSessionToken(token)).toEqual({ session: null, user: null });
    expect(await db.prisma.session.findUnique({ where: { id } })).toBeNull();
  });

  it('ends every session 90 days after creation, however active', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const created = clock.now();
    const absoluteEnd = new Date(created.getTime() + 90 * DAY * 1000);
    const { token } = await auth.signUp(newUser());
    for (let day = 20; day <= 80; day += 20) {
      clock.set(new Date(created.getTime() + day * DAY * 1000));
      const { session } = await auth.validateSessionToken(token);
      expect(session, `day ${day}`).not.toBeNull();
      expect(session!.expiresAt.getTime()).toBeLessThanOrEqual(absoluteEnd.getTime());
    }
    // The day-80 extension was capped at the absolute limit, not day 110.
    clock.set(new Date(absoluteEnd.getTime() - 1000));
    expect((await auth.validateSessionToken(token)).session?.expiresAt).toEqual(absoluteEnd);
    clock.set(absoluteEnd);
    expect(await auth.validateSessionToken(token)).toEqual({ session: null, user: null });
  });

  it('honours the absolute limit even if a row has a later expiresAt', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const { token } = await auth.signUp(newUser());
    const id = parseSessionToken(token)!.id;
    await db.prisma.session.update({
      where: { id },
      data: { expiresAt: new Date(clock.now().getTime() + 365 * DAY * 1000) },
    });
    clock.advance(90 * DAY);
    expect(await auth.validateSessionToken(token)).toEqual({ session: null, user: null });
  });

  it('deleteExpiredSessions removes dead sessions and keeps live ones', async () => {
    // Long before any other test's sessions, so the sweep on a shared database deletes only ours.
    const clock = manualClock(new Date('1991-01-01T00:00:00.000Z'));
    const auth = createAuth(db, { now: clock.now });
    const old = await auth.signUp(newUser());
    clock.advance(29 * DAY);
    const fresh = await auth.signUp(newUser());
    clock.advance(2 * DAY);
    expect(await auth.deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(
      await db.prisma.session.findUnique({ where: { id: parseSessionToken(old.token)!.id } }),
    ).toBeNull();
    expect((await auth.validateSessionToken(fresh.token)).user?.id).toBe(fresh.user.id);
  });
});

describe('logging out', () => {
  it('invalidateSession ends only that session', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { token } = await auth.signUp(input);
    const other = await auth.logIn({ login: input.username, password: input.password, ip: newIp() });
    await auth.invalidateSession(parseSessionToken(token)!.id);
    expect(await auth.validateSessionToken(token)).toEqual({ session: null, user: null });
    expect((await auth.validateSessionToken(other.token)).session).not.toBeNull();
    await expect(auth.invalidateSession(parseSessionToken(token)!.id)).resolves.toBeUndefined();
  });

  it('invalidateAllSessions logs out everywhere, and only that user', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user, token } = await auth.signUp(input);
    await confirmAddress(db, user.id, input.email);
    const second = await auth.logIn({ login: input.email, password: input.password, ip: newIp() });
    const bystander = await auth.signUp(newUser());
    await auth.invalidateAllSessions(user.id);
    expect((await auth.validateSessionToken(token)).session).toBeNull();
    expect((await auth.validateSessionToken(second.token)).session).toBeNull();
    expect(await auth.listSessions(user.id)).toEqual([]);
    expect((await auth.validateSessionToken(bystander.token)).session).not.toBeNull();
  });

  it('lists sessions and revokes only the user’s own', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const input = newUser();
    const { user, token } = await auth.signUp({ ...input, userAgent: 'laptop', ip: newIp() });
    clock.advance(60);
    const phone = await auth.logIn({
      login: input.username,
      password: input.password,
      ip: '192.0.2.7',
      userAgent: 'phone',
    });
    const mallory = await auth.signUp(newUser('m'));

    const list = await auth.listSessions(user.id);
    expect(list.map((s) => s.userAgent)).toEqual(['phone', 'laptop']);
    expect(list[0]).toMatchObject({ ipAddress: '192.0.2.7', id: parseSessionToken(phone.token)!.id });
    expect(JSON.stringify(list)).not.toContain(parseSessionToken(token)!.secret);

    const malloryError = await authError(auth.revokeSession(mallory.user.id, list[0]!.id));
    expect(malloryError.code).toBe('not_found');
    expect((await auth.validateSessionToken(phone.token)).session).not.toBeNull();

    expect((await authError(auth.revokeSession(user.id, 'no-such-session'))).code).toBe('not_found');

    await auth.revokeSession(user.id, list[0]!.id);
    expect((await auth.validateSessionToken(phone.token)).session).toBeNull();
    expect((await auth.listSessions(user.id)).map((s) => s.userAgent)).toEqual(['laptop']);
  });
});

describe('changing the password', () => {
  it('revokes every old session and issues one new session', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user, token } = await auth.signUp(input);
    const other = await auth.logIn({ login: input.username, password: input.password, ip: newIp() });
    const newPassword = `${input.password} but longer`;

    const changed = await auth.changePassword({
      userId: user.id,
      currentPassword: input.password,
      newPassword,
      userAgent: 'laptop',
    });
    expect((await auth.validateSessionToken(token)).session).toBeNull();
    expect((await auth.validateSessionToken(other.token)).session).toBeNull();
    const current = await auth.validateSessionToken(changed.token);
    expect(current.user?.id).toBe(user.id);
    expect(current.session?.expiresAt).toEqual(changed.expiresAt);
    expect((await auth.listSessions(user.id)).map((s) => s.id)).toEqual([
      parseSessionToken(changed.token)!.id,
    ]);

    const old = await authError(auth.logIn({ login: input.username, password: input.password, ip: newIp() }));
    expect(old.code).toBe('invalid_credentials');
    expect((await auth.logIn({ login: input.username, password: newPassword, ip: newIp() })).user.id).toBe(
      user.id,
    );
  });

  it('requires the current password and a strong new one, and changes nothing otherwise', async () => {
    const auth = createAuth(db);
    const input = newUser();
    const { user, token } = await auth.signUp(input);

    const wrong = await authError(
      auth.changePassword({
        userId: user.id,
        currentPassword: 'not my password',
        newPassword: 'a perfectly fine passphrase',
      }),
    );
    expect(wrong).toMatchObject({ code: 'invalid_credentials', field: 'currentPassword' });

    const weak = await authError(
      auth.changePassword({ userId: user.id, currentPassword: input.password, newPassword: 'password123' }),
    );
    expect(weak).toMatchObject({ code: 'weak_password', field: 'newPassword' });

    expect((await auth.validateSessionToken(token)).session).not.toBeNull();
    expect((await auth.logIn({ login: input.username, password: input.password, ip: newIp() })).user.id).toBe(
      user.id,
    );

    const missing = await authError(
      auth.changePassword({ userId: 'nobody', currentPassword: 'x', newPassword: 'y' }),
    );
    expect(missing.code).toBe('not_found');
  });
});
