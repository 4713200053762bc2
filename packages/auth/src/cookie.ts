export const SESSION_COOKIE_NAME = 'margins_session';

export interface SessionCookie {
  name: string;
  value: string;
  attributes: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; expires: Date };
}

/**
 * Over HTTPS the cookie gets the `__Host-` prefix: browsers then only accept it with Secure,
 * Path=/ and no Domain, so a sibling subdomain or a plain-HTTP response cannot plant or
 * overwrite a session cookie (session fixation). Browsers refuse `__Host-` cookies without
 * Secure, so plain-HTTP localhost development uses the bare name.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE_NAME}` : SESSION_COOKIE_NAME;
}

/**
 * HttpOnly keeps the token away from page scripts (XSS cannot read it); SameSite=Lax keeps it
 * off cross-site POSTs (CSRF) while still sending it on top-level navigations from links, so
 * readers arriving from elsewhere stay signed in. `expires` mirrors the session's sliding
 * expiry; refresh the cookie whenever validation returns a later `expiresAt`.
 */
export function sessionCookie(token: string, expiresAt: Date, opts: { secure: boolean }): SessionCookie {
  return {
    name: sessionCookieName(opts.secure),
    value: token,
    attributes: { httpOnly: true, sameSite: 'lax', path: '/', secure: opts.secure, expires: expiresAt },
  };
}

/** The cookie that deletes the session cookie: same name and attributes, empty, expired. */
export function blankSessionCookie(opts: { secure: boolean }): SessionCookie {
  return sessionCookie('', new Date(0), opts);
}

/** The cookie as a `Set-Cookie` header value, for servers without a cookie helper. */
export function serializeSessionCookie(cookie: SessionCookie): string {
  const a = cookie.attributes;
  const parts = [
    `${cookie.name}=${cookie.value}`,
    `Path=${a.path}`,
    `Expires=${a.expires.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (a.secure) parts.push('Secure');
  return parts.join('; ');
}
