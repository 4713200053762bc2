import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import root from '../../eslint.config.js';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
  ...root,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  // The app is served at the root (no `paths.base`), so plain hrefs are correct.
  { rules: { 'svelte/no-navigation-without-resolve': 'off' } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } },
  },
);
