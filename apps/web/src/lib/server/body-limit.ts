// Request bodies over the limit get our message, not adapter-node's ("Content-length of … exceeds
// limit of … bytes"). adapter-node refuses a body over BODY_SIZE_LIMIT (set to the API's
// MAX_REQUEST_BYTES by scripts/server-defaults.js) when something reads it: form actions then
// fail with a 413 that handleError words (hooks.server.ts); the tRPC endpoint reads the body
// here first, so its 413 comes in tRPC's own error shape.
import { Buffer } from 'node:buffer';
import type { RequestEvent } from '@sveltejs/kit';

/** adapter-node's refusal (a SvelteKitError with status 413) when a body passes its limit. */
export const isBodyTooLarge = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 413;

/** The declared size of the request body, or null when it is not declared (chunked). */
export function declaredSize(event: RequestEvent): number | null {
  const value = Number(event.request.headers.get('content-length') ?? Number.NaN);
  return Number.isFinite(value) ? value : null;
}

/**
 * The body as text, or `{ tooLarge }` when it is over `limit` — by its declared size before
 * reading anything, by adapter-node's refusal while reading, or by what arrived (`vite dev` has
 * no transport limit).
 */
export async function readBody(
  event: RequestEvent,
  limit: number,
): Promise<{ text: string } | { tooLarge: number | null }> {
  const declared = declaredSize(event);
  if (declared !== null && declared > limit) return { tooLarge: declared };
  let text: string;
  try {
    text = await event.request.text();
  } catch (error) {
    if (isBodyTooLarge(error)) return { tooLarge: declared };
    throw error;
  }
  const size = Buffer.byteLength(text, 'utf8');
  return size > limit ? { tooLarge: size } : { text };
}
