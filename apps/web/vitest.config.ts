// Unit tests of the app's server modules, beside their source (src/**/*.test.ts), plus the
// production entry's helpers (scripts/). Without SvelteKit's plugin: these modules are plain
// TypeScript; `$lib` is resolved here so a test can load (or mock) what a module imports through
// it. DOM modules opt into happy-dom per file. Browser tests are Playwright's (e2e/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
});
