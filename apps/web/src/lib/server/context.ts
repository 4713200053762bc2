import type { Context } from '@margins/api';
import type { RequestEvent } from '@sveltejs/kit';
import { blankSessionCookie, sessionCookie } from '@margins/auth';
import { getServices } from './services';

/** Builds the tRPC context for one request, used by the HTTP endpoint and by server loads. */
export async function contextFor(event: RequestEvent): Promise<Context> {
  const { db, auth, parser } = await getServices();
  const secure = event.url.protocol === 'https:';
  return {
    db,
    auth,
    parser,
    user: event.locals.user,
    sessionId: event.locals.sessionId,
    tokenScope: event.locals.tokenScope ?? null,
    tokenRefused: event.locals.tokenRefused ?? false,
    clientAddress: safeAddress(event),
    userAgent: event.request.headers.get('user-agent'),
    now: () => new Date(),
    cookies: {
      setSession(token, expiresAt) {
        const c = sessionCookie(token, expiresAt, { secure });
        event.cookies.set(c.name, c.value, c.attributes);
      },
      clearSession() {
        const c = blankSessionCookie({ secure });
        event.cookies.set(c.name, c.value, c.attributes);
      },
    },
  };
}

function safeAddress(event: RequestEvent): string {
  try {
    return event.getClientAddress();
  } catch {
    return 'unknown';
  }
}
