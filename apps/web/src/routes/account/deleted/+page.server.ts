import type { PageServerLoad } from './$types';

// Where a deleted account lands (signed out by then): what became of the stories, from the
// redirect's query, so it needs nothing of the account that no longer exists.
export const load: PageServerLoad = ({ url }) => {
  const count = (key: string) => Math.max(0, Number.parseInt(url.searchParams.get(key) ?? '0', 10) || 0);
  return { orphaned: count('orphaned'), deleted: count('deleted'), handedOver: count('handedOver') };
};
