import type { Database } from '@margins/db';
import { uniqueSuffix } from '@margins/db/test';
import { AuthError } from '../src/index';

/** A clock the test moves by hand; every component under test reads time only through it. */
export function manualClock(start = new Date('2031-03-01T12:00:00.000Z')) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => {
      t = d.getTime();
    },
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
  };
}

export const DAY = 24 * 60 * 60;

/** Sign-up input for a user no other test (or parallel test file) shares. */
export function newUser(prefix = 'u') {
  const suffix = uniqueSuffix();
  return {
    username: `${prefix}_${suffix}`.slice(0, 30),
    email: `${prefix}.${suffix}@example.test`,
    password: `correct horse ${suffix} staple`,
  };
}

/** A unique client address string, so per-IP limits of parallel tests never interfere. */
export function newIp(): string {
  return `test-ip-${uniqueSuffix()}`;
}

/** Resolves to the AuthError a promise rejects with; fails the test if it resolves or throws something else. */
export async function authError(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError, but the call succeeded');
}

/** As if the user had followed the confirmation mail: the address becomes theirs, verified (logins by email use it). */
export async function confirmAddress(db: Database, userId: string, email: string): Promise<void> {
  await db.prisma.user.update({
    where: { id: userId },
    data: { email: email.trim().toLowerCase(), emailVerifiedAt: new Date(), pendingEmail: null },
  });
}
