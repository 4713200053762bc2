// Unit tests of the app's server modules, beside their source (src/**/*.test.ts), plus the
// production entry's helpers (scripts/). Without SvelteKit's plugin: these modules are plain
// TypeScript and import each other relatively. Browser tests are Playwright's (e2e/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
});
