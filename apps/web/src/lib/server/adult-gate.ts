// Mature and Explicit stories ask a logged-out reader to confirm before showing text, as the
// archives do, and remember the answer in a cookie. Signed-in readers are never asked. Works
// without JavaScript: pages that show text redirect to the story's confirmation page
// (/s/<slug>/adult?next=…), whose form post sets the cookie and goes back.
//
// Anonymous chapter pages are cached (page-cache.ts): the cache key includes whether this
// cookie is set (hooks.server.ts), so a confirmed reader's copy is never served to someone who
// has not confirmed.
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { isAdultRating, type StoryRating } from '@margins/api/story-meta';
import { api } from './api';
import { loadError } from './errors';

export const VIEW_ADULT_COOKIE = 'view_adult';
/** A year: the archives' answer lasts the browser session; readers here should not be asked daily. */
const REMEMBER_SECONDS = 365 * 24 * 60 * 60;

type Event = Pick<RequestEvent, 'cookies' | 'locals' | 'url'>;

export function hasConfirmedAdult(event: Pick<RequestEvent, 'cookies'>): boolean {
  return event.cookies.get(VIEW_ADULT_COOKIE) === 'true';
}

export function mustConfirmAdult(event: Event, story: { rating: StoryRating }): boolean {
  return isAdultRating(story.rating) && event.locals.user === null && !hasConfirmedAdult(event);
}

export function adultGateHref(slug: string, next: string): string {
  return `/s/${encodeURIComponent(slug)}/adult?${new URLSearchParams({ next })}`;
}

/** Sends a reader who must confirm first to the story's confirmation page, then back to `next`. */
export function requireAdultConfirmation(
  event: Event,
  story: { slug: string; rating: StoryRating },
  next = event.url.pathname + event.url.search,
): void {
  if (mustConfirmAdult(event, story)) redirect(303, adultGateHref(story.slug, next));
}

/**
 * Downloads hold the text too. A reader who must confirm is asked first and then brought back to
 * the story's download links (going back to a file would leave them on the question).
 */
export async function requireAdultConfirmationForDownload(
  event: RequestEvent & { params: { slug: string } },
): Promise<void> {
  if (event.locals.user !== null || hasConfirmedAdult(event)) return;
  const story = await (await api(event)).story.bySlug({ slug: event.params.slug }).catch(loadError);
  requireAdultConfirmation(event, story, `/s/${encodeURIComponent(story.slug)}#downloads`);
}

export function rememberAdultConfirmation(event: Pick<RequestEvent, 'cookies' | 'url'>): void {
  event.cookies.set(VIEW_ADULT_COOKIE, 'true', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
    maxAge: REMEMBER_SECONDS,
  });
}

/** Where to go after confirming: a page of this story only (no open redirect), else the story. */
export function storyNext(slug: string, next: string | null): string {
  const base = `/s/${encodeURIComponent(slug)}`;
  if (
    next &&
    (next === base || /^[/?#]/.test(next.slice(base.length))) &&
    next.startsWith(base) &&
    !next.includes('\\')
  )
    return next;
  return base;
}
