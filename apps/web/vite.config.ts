import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In the production build the workspace packages stay external and are loaded from their
 * TypeScript source by tsx at run time (`node --import tsx server.js`): one copy of the
 * Prisma client and the Wasm engines, no bundling of native modules. Vite's `ssr.external`
 * does not cover subpath imports that resolve to .ts files, so this plugin decides instead.
 * Pure modules that pages and components import (no I/O, no Prisma) are bundled like app code,
 * so the server and the browser run the same file.
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
