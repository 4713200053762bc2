import { redirect } from '@sveltejs/kit';
import { sameOriginPath } from '$lib/server/redirects';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const value = String((await request.formData()).get('theme'));
  const theme = value === 'dark' || value === 'light' ? value : 'auto';
  cookies.set('theme', theme, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  // Back to where the reader was, but never to another site.
  redirect(303, sameOriginPath(request.headers.get('referer'), url.origin));
};
