import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'definition/src/**/*.test.ts',
      'dsl/src/**/*.test.ts',
      'runtime/src/**/*.test.ts',
      'runtime/src/**/*.test.tsx',
      'studio/src/lib/**/*.test.ts',
      'tests/**/*.test.ts'
    ],
    exclude: ['**/node_modules/**', 'tests/bench/**'],
    setupFiles: ['./tools/node-polyfills.mjs'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two at a time on this two-core machine (Vitest's default is one fewer than the cores): most files wait on
    // PostgreSQL, a runtime process or Chromium rather than compute, so two halve the wall time.
    maxWorkers: 2
  }
});
