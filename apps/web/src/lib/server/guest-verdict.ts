// The one-tap verdict's form action and this browser's verdict, for the chapter page
// (routes/s/[slug]/[n]). A signed-in reader's verdict is their review's; a guest's is kept per
// browser under a random cookie whose value is never stored (the API keeps a hash of it with the
// chapter id, services/guest/guest-verdict.ts).
import { type RequestEvent } from '@sveltejs/kit';
import { newBrowserSecret } from '@margins/api';
import { api } from './api';
import { call, failed, readForm, refuse } from './forms';

export const GUEST_COOKIE = 'margins_guest';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

type Verdict = 'yay' | 'nay';

/** This browser's secret, made (and set as an HttpOnly cookie) on its first verdict. */
function browserSecret(event: RequestEvent, create: boolean): string | null {
  const current = event.cookies.get(GUEST_COOKIE);
  if (current && /^[A-Za-z0-9_-]{16,128}$/.test(current)) return current;
  if (!create) return null;
  const secret = newBrowserSecret();
  event.cookies.set(GUEST_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
  return secret;
}

/**
 * The `verdict` action: one tap, a plain form post. No redirect: the page renders again with the
 * verdict given (and, for a signed-in reader, the ratings and text unfolded).
 */
export async function verdictAction(event: RequestEvent, chapterId: string) {
  const verdict = (await readForm()).oneOf('verdict', ['yay', 'nay'] as const);
  if (!verdict) return refuse('Choose yay or nay.', {}, { form: 'verdict', extra: { target: chapterId } });
  const given = await call(
    async (caller) => {
      if (event.locals.user) {
        await caller.review.verdict({ chapterId, verdict });
      } else {
        const secret = browserSecret(event, true) as string;
        await caller.review.guestVerdict({ chapterId, verdict, browserSecret: secret });
      }
    },
    { form: 'verdict', extra: { target: chapterId } },
  );
  if (failed(given)) return given;
  return { form: 'verdict', target: chapterId, ok: true as const, verdict, message: 'Thank you!' };
}

/** This browser's verdict on a chapter (the cached page cannot carry it). */
export async function guestVerdictOf(event: RequestEvent, chapterId: string): Promise<Verdict | null> {
  const secret = browserSecret(event, false);
  if (!secret) return null;
  return (await api(event)).review.guestVerdictOf({ chapterId, browserSecret: secret });
}
