import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const value = String((await request.formData()).get('theme'));
  const theme = value === 'dark' || value === 'light' ? value : 'auto';
  cookies.set('theme', theme, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  redirect(303, sameOriginPath(request.headers.get('referer'), url));
};

/** Back to where the reader was, but never to another site. */
function sameOriginPath(referer: string | null, url: URL): string {
  try {
    const back = new URL(referer ?? '/', url);
    return back.origin === url.origin ? back.pathname + back.search : '/';
  } catch {
    return '/';
  }
}
