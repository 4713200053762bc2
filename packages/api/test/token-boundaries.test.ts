// What a personal access token may not do (docs/collaboration.md, docs/auth.md): manage the
// account's password, sessions or tokens — a leaked token must not lock its owner out or outlive
// the password change that is meant to get rid of it — and a password change revokes every token.
// (Pages outside /api/trpc and the downloads refuse tokens in the app: apps/web/e2e/collab.spec.ts.)
import { parseSessionToken } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateApiToken } from '../src/services/token/api-tokens';
import { SESSION_ONLY_MESSAGE } from '../src/trpc';
import { PASSWORD, harness, outcome, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const NEW_PASSWORD = 'a new lamp for the north jetty';

describe('API tokens and the account', () => {
  it('a token (read or write) cannot change the password, end or list sessions, or manage tokens', async () => {
    const user = await h.user('tok');
    const { token } = await h.auth.logIn({
      login: user.username,
      password: PASSWORD,
      ip: `t-${uniqueSuffix()}`,
    });
    const sessionId = parseSessionToken(token)!.id;
    const before = await db.prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { passwordHash: true },
    });
    for (const scope of ['read', 'write'] as const) {
      const viaToken = h.caller(user, { tokenScope: scope });
      const refused = await trpcError(
        viaToken.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      );
      expect(refused.code).toBe('FORBIDDEN');
      // A read token is already refused as read-only; a write token meets the session rule.
      if (scope === 'write') expect(refused.message).toBe(SESSION_ONLY_MESSAGE);
      expect(await outcome(() => viaToken.auth.logOutEverywhere())).toBe('FORBIDDEN');
      expect(await outcome(() => viaToken.auth.revokeSession({ sessionId }))).toBe('FORBIDDEN');
      expect(await outcome(() => viaToken.auth.sessions())).toBe('FORBIDDEN');
      expect(await outcome(() => viaToken.token.create({ name: 'more', scope: 'write' }))).toBe('FORBIDDEN');
      expect(await outcome(() => viaToken.token.list())).toBe('FORBIDDEN');
    }
    // Nothing changed: same password, the session still alive.
    expect(
      await db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }),
    ).toEqual(before);
    expect((await h.auth.validateSessionToken(token)).session?.id).toBe(sessionId);
    // With a session, the same calls work.
    expect((await h.caller(user, { sessionId }).auth.sessions()).map((s) => s.id)).toContain(sessionId);
  });

  it('changing the password revokes every API token of the user, and nobody else’s', async () => {
    const [user, other] = await Promise.all([h.user('pw'), h.user('bystander')]);
    const mine = h.caller(user);
    const laptop = await mine.token.create({ name: 'laptop', scope: 'write' });
    const script = await mine.token.create({ name: 'script', scope: 'read' });
    const theirs = await h.caller(other).token.create({ name: 'theirs', scope: 'read' });
    const now = new Date();
    expect(await validateApiToken({ db, token: laptop.token, now })).not.toBeNull();

    // A wrong current password changes nothing, tokens included.
    expect(
      (
        await trpcError(
          mine.auth.changePassword({ currentPassword: 'not the password at all', newPassword: NEW_PASSWORD }),
        )
      ).code,
    ).toBe('UNAUTHORIZED');
    expect(await validateApiToken({ db, token: laptop.token, now })).not.toBeNull();

    await mine.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(await validateApiToken({ db, token: laptop.token, now })).toBeNull();
    expect(await validateApiToken({ db, token: script.token, now })).toBeNull();
    const listed = await mine.token.list();
    expect(listed.map((t) => [t.name, t.revokedAt !== null])).toEqual(
      expect.arrayContaining([
        ['laptop', true],
        ['script', true],
      ]),
    );
    expect(await validateApiToken({ db, token: theirs.token, now })).not.toBeNull();
    // A token created after the change works.
    const fresh = await mine.token.create({ name: 'new laptop', scope: 'write' });
    expect(await validateApiToken({ db, token: fresh.token, now: new Date() })).not.toBeNull();
  });
});
