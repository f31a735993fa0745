// The linter, run by npm test (tests/style/style.test.ts) and by `npx eslint .`. Formatting is Prettier's
// (.prettierrc.json); the rules here are about mistakes, not layout.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'dsl/src/language/generated/',
      'dsl/syntaxes/',
      'tests/golden/',
      'docs/',
      '**/.svelte-kit/',
      '**/build/',
      'dist/'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }
      ],
      // Non-null assertions are how the code says "the check above made sure"; casts to any are for tests' bodies.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
      // One import statement per module (a separate `import type` is fine).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }]
    }
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', '**/testing/**/*.ts', '**/testing.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['runtime/src/hall/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    // The studio: Svelte components with TypeScript, running in the browser.
    files: ['studio/src/**/*.svelte', 'studio/src/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    // Paths inside the studio are built with resolve(); this rule cannot see one followed by a query string, and
    // links to the hall lead outside the app.
    rules: { 'svelte/no-navigation-without-resolve': 'off' }
  },
  {
    files: ['studio/src/**/*'],
    languageOptions: { globals: { ...globals.browser } }
  }
);
