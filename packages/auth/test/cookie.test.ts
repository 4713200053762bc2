import { describe, expect, it } from 'vitest';
import {
  blankSessionCookie,
  SESSION_COOKIE_NAME,
  serializeSessionCookie,
  sessionCookie,
  sessionCookieName,
} from '../src/index';

describe('session cookie', () => {
  const expires = new Date('2031-05-01T00:00:00.000Z');

  it('uses the __Host- prefix with Secure over HTTPS', () => {
    const cookie = sessionCookie('id.secret', expires, { secure: true });
    expect(cookie).toEqual({
      name: '__Host-margins_session',
      value: 'id.secret',
      attributes: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, expires },
    });
    expect(sessionCookieName(true)).toBe('__Host-margins_session');
  });

  it('uses the plain name without Secure on plain-HTTP localhost', () => {
    const cookie = sessionCookie('id.secret', expires, { secure: false });
    expect(cookie.name).toBe(SESSION_COOKIE_NAME);
    expect(cookie.attributes).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false, expires });
  });

  it('blanks with the same name, an empty value and the epoch', () => {
    for (const secure of [true, false]) {
      const blank = blankSessionCookie({ secure });
      expect(blank.name).toBe(sessionCookieName(secure));
      expect(blank.value).toBe('');
      expect(blank.attributes).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure });
      expect(blank.attributes.expires.getTime()).toBe(0);
    }
  });

  it('serialises to a Set-Cookie value', () => {
    expect(serializeSessionCookie(sessionCookie('a.b', expires, { secure: true }))).toBe(
      '__Host-margins_session=a.b; Path=/; Expires=Thu, 01 May 2031 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeSessionCookie(blankSessionCookie({ secure: false }))).toBe(
      'margins_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    );
  });
});
