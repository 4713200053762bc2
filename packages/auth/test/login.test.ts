import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/index';
import { authError, confirmAddress, manualClock, newIp, newUser } from './helpers';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('credentials', () => {
  it('rejects a wrong password and an unknown user with the same generic error', async () => {
    const auth = createAuth(db);
    const input = newUser();
    await auth.signUp(input);
    const wrong = await authError(
      auth.logIn({ login: input.username, password: `${input.password}!`, ip: newIp() }),
    );
    const unknownName = await authError(
      auth.logIn({ login: `nobody_${input.username}`.slice(0, 30), password: input.password, ip: newIp() }),
    );
    const unknownEmail = await authError(
      auth.logIn({ login: `nobody.${input.email}`, password: input.password, ip: newIp() }),
    );
    for (const error of [wrong, unknownName, unknownEmail]) {
      expect(error.code).toBe('invalid_credentials');
      expect(error.field).toBeUndefined();
      expect(error.message).toBe(wrong.message);
    }
  });

  it('treats usernames case-insensitively but literally (no wildcard matching)', async () => {
    const auth = createAuth(db);
    const input = newUser();
    await auth.signUp(input);
    // `_` is a LIKE wildcard; a login differing only where the username has `_` must not match.
    const lookalike = input.username.replace('_', 'x');
    const error = await authError(auth.logIn({ login: lookalike, password: input.password, ip: newIp() }));
    expect(error.code).toBe('invalid_credentials');
  });

  it('rejects empty input as invalid_input with a field', async () => {
    const auth = createAuth(db);
    expect(await authError(auth.logIn({ login: '  ', password: 'x', ip: newIp() }))).toMatchObject({
      code: 'invalid_input',
      field: 'login',
    });
    expect(await authError(auth.logIn({ login: 'someone', password: '', ip: newIp() }))).toMatchObject({
      code: 'invalid_input',
      field: 'password',
    });
  });
});

describe('login rate limits', () => {
  it('blocks an account after 5 failures, across app instances, with retryAfter and backoff', async () => {
    const clock = manualClock();
    const instanceA = createAuth(db, { now: clock.now });
    const instanceB = createAuth(db, { now: clock.now }); // a second app instance on the same database
    const input = newUser();
    const { user } = await instanceA.signUp(input);
    await confirmAddress(db, user.id, input.email);

    for (let i = 0; i < 5; i++) {
      // Different IPs and alternating login forms: the limit is per account, not per IP or spelling.
      const login = i % 2 ? input.email : input.username;
      const error = await authError(instanceA.logIn({ login, password: 'wrong password!', ip: newIp() }));
      expect(error.code, `attempt ${i + 1}`).toBe('invalid_credentials');
    }
    const blocked = await authError(
      instanceA.logIn({ login: input.username, password: input.password, ip: newIp() }),
    );
    expect(blocked).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 300 });

    // The block lives in the database: the other instance sees it too, even with the right password.
    clock.advance(100);
    const elsewhere = await authError(
      instanceB.logIn({ login: input.email, password: input.password, ip: newIp() }),
    );
    expect(elsewhere).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 200 });
    const row = await db.prisma.rateLimit.findUniqueOrThrow({ where: { key: `login:user:${user.id}` } });
    expect(row.blockedUntil).toEqual(new Date(clock.now().getTime() + 200_000));

    // After the block: one more try; failing it doubles the block.
    clock.advance(200);
    expect(
      (await authError(instanceB.logIn({ login: input.username, password: 'wrong again!!', ip: newIp() })))
        .code,
    ).toBe('invalid_credentials');
    const doubled = await authError(
      instanceB.logIn({ login: input.username, password: input.password, ip: newIp() }),
    );
    expect(doubled).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 600 });

    // After that block a correct password gets in, and success clears the account's counter.
    clock.advance(600);
    expect(
      (await instanceA.logIn({ login: input.username, password: input.password, ip: newIp() })).user.id,
    ).toBe(user.id);
    expect(await db.prisma.rateLimit.findUnique({ where: { key: `login:user:${user.id}` } })).toBeNull();
    for (let i = 0; i < 4; i++) {
      await authError(instanceA.logIn({ login: input.username, password: 'wrong password!', ip: newIp() }));
    }
    expect(
      (await instanceA.logIn({ login: input.username, password: input.password, ip: newIp() })).user.id,
    ).toBe(user.id);
  });

  it('limits unknown accounts the same way (no enumeration through the limiter)', async () => {
    const clock = manualClock();
    const auth = createAuth(db, { now: clock.now });
    const login = newUser().username;
    for (let i = 0; i < 5; i++) {
      expect((await authError(auth.logIn({ login, password: 'whatever pass', ip: newIp() }))).code).toBe(
        'invalid_credentials',
      );
    }
    expect(await authError(auth.logIn({ login, password: 'whatever pass', ip: newIp() }))).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 300,
    });
  });

  it('blocks an IP after 30 attempts in 15 minutes, across accounts and instances', async () => {
    const clock = manualClock();
    const instanceA = createAuth(db, { now: clock.now });
    const instanceB = createAuth(db, { now: clock.now });
    const ip = newIp();
    const victim = newUser();
    await instanceA.signUp(victim);

    clock.advance(60); // the window starts at the first attempt
    for (let i = 0; i < 30; i++) {
      const error = await authError(
        instanceA.logIn({ login: newUser().username, password: 'sprayed password', ip }),
      );
      expect(error.code, `attempt ${i + 1}`).toBe('invalid_credentials');
    }
    clock.advance(5 * 60);
    const blocked = await authError(
      instanceB.logIn({ login: victim.username, password: victim.password, ip }),
    );
    expect(blocked).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 10 * 60 });
    expect(await db.prisma.rateLimit.findUnique({ where: { key: `login:ip:${ip}` } })).toMatchObject({
      count: 30,
    });

    // Other IPs are unaffected; the blocked IP works again once the window has passed.
    expect(
      (await instanceB.logIn({ login: victim.username, password: victim.password, ip: newIp() })).user
        .username,
    ).toBe(victim.username);
    clock.advance(10 * 60);
    expect(
      (await instanceA.logIn({ login: victim.username, password: victim.password, ip })).user.username,
    ).toBe(victim.username);
  });

  it('honours custom rules', async () => {
    const clock = manualClock();
    const auth = createAuth(db, {
      now: clock.now,
      rateLimits: { loginAccount: { limit: 2, windowSeconds: 60 } },
    });
    const input = newUser();
    await auth.signUp(input);
    await authError(auth.logIn({ login: input.username, password: 'wrong password!', ip: newIp() }));
    await authError(auth.logIn({ login: input.username, password: 'wrong password!', ip: newIp() }));
    clock.advance(20);
    expect(
      await authError(auth.logIn({ login: input.username, password: input.password, ip: newIp() })),
    ).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 40,
    });
  });
});
