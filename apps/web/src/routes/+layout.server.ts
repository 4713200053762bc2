import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
  user: locals.user,
  theme: (cookies.get('theme') ?? 'auto') as 'auto' | 'light' | 'dark',
});
