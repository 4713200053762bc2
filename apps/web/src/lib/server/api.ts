import type { RequestEvent } from '@sveltejs/kit';
import { createCaller } from '@margins/api';
import { contextFor } from './context';

/** The tRPC router called in-process, as the signed-in user of this request. */
export async function api(event: RequestEvent) {
  return createCaller(await contextFor(event));
}
