import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    // The cross-site form check is ours (hooks.server.ts `csrf`), the same rule with one
    // exception SvelteKit cannot express: RFC 8058 one-click unsubscribe, which mail providers
    // POST from their own servers with no Origin, authorised by the signed link alone.
    csrf: { trustedOrigins: ['*'] },
    // SvelteKit adds nonces/hashes for its own inline scripts; nothing else may run.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['none'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
      },
    },
  },
};
