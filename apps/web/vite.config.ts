import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In the production build the workspace packages stay external: Node loads their compiled
 * dist/ at run time (`node server.js`; each package's `pnpm build`, which turbo runs first), so
 * there is one copy of the Prisma client and the Wasm engines and no bundling of native
 * modules. Vite would otherwise bundle them, being linked packages outside node_modules, so this
 * plugin decides. The dev server resolves them to their TypeScript source instead (the
 * "development" export condition). Pure modules that pages and components import (no I/O, no
 * Prisma) are bundled like app code, so the server and the browser run the same file.
 */
const BUNDLED = new Set(['@margins/api/story-meta', '@margins/api/inputs']);

function externalWorkspacePackages(): Plugin {
  return {
    name: 'margins:external-workspace',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, _importer, options) {
      if (options.ssr && id.startsWith('@margins/') && !BUNDLED.has(id)) return { id, external: true };
      return null;
    },
  };
}

export default defineConfig({
  plugins: [externalWorkspacePackages(), sveltekit()],
  server: { port: 3000, strictPort: true },
});
