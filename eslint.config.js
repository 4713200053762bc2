// One flat config for the workspace; the web app extends it with Svelte rules.
// Linting is typed (recommendedTypeChecked): a floating promise or a promise passed where a
// callback's result is ignored is an error, because both have lost errors and transactions here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      '**/dist/**',
      '**/.svelte-kit/**',
      '**/generated/**',
      '**/.turbo/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with the nearest tsconfig.json (the one `pnpm typecheck` uses).
      parserOptions: { projectService: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A form field is `string | File`; a File where text belongs reads as "[object File]", which
      // the API's zod schemas refuse like any other wrong text.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'File'] },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only the app env module reads process.env; take configuration as arguments.',
        },
      ],
    },
  },
  // Tests, browser tests and benchmarks read parsed documents (XML, JSON, mail) and use matchers
  // such as expect.any(), which are `any` by design, and fake async interfaces with nothing to
  // await. The type-aware rules that catch real mistakes there (floating and misused promises,
  // unnecessary assertions) stay on.
  {
    files: ['**/test/**', '**/*.test.ts', '**/e2e/**', '**/bench/**', 'packages/bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Plain JavaScript and tool config files are in no package's tsconfig: lint them without types.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.config.ts'], ...tseslint.configs.disableTypeChecked },
);
