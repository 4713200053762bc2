import type { RequestEvent } from '@sveltejs/kit';
import { contextFor } from './context';
import { getServices } from './services';

/** The tRPC router called in-process, as the signed-in user of this request. */
export async function api(event: RequestEvent) {
  const { packages } = await getServices();
  return packages.api.createCaller(await contextFor(event));
}
