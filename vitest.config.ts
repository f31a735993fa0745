import { defineConfig } from 'vitest/config';

/**
 * Long proofs, run by `npm run test:proofs` rather than `npm test` (which must stay under 15 minutes on this
 * two-core machine): two runtime processes, SIGKILL, cut connections and shutdown under load, a publication going
 * live across processes, the language fuzzer, the malformed-request sweeps of the API and the hall, the 20 MB crafted
 * upload and the backup restore drill on a destroyed machine. Each takes half a minute to three.
 */
const proofs = [
  'tests/load/**/*.test.ts',
  'tests/fuzz/**/*.test.ts',
  'runtime/src/http/malformed.int.test.ts',
  'runtime/src/hall/malformed.int.test.ts',
  'runtime/src/platform/files/inspect-bounded.test.ts',
  'tests/backup/restore-drill.int.test.ts'
];
const onlyProofs = process.env.BANSHI_PROOFS === '1';

export default defineConfig({
  test: {
    include: onlyProofs
      ? proofs
      : [
          'definition/src/**/*.test.ts',
          'dsl/src/**/*.test.ts',
          'runtime/src/**/*.test.ts',
          'runtime/src/**/*.test.tsx',
          'studio/src/lib/**/*.test.ts',
          'tests/**/*.test.ts'
        ],
    exclude: ['**/node_modules/**', 'tests/bench/**', ...(onlyProofs ? [] : proofs)],
    setupFiles: ['./tools/node-polyfills.mjs'],
    // dist/ built once, for the files that run the built command line (runtime/src/testing/banshi-cli.ts).
    globalSetup: ['./tests/support/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Four at a time on this two-core machine (Vitest's default is one fewer than the cores): most files wait on
    // PostgreSQL, a runtime process or Chromium rather than compute. The whole suite took 988 s with two, 871 s with
    // three (the machine 1.6 cores busy on average), 805 s with four.
    maxWorkers: 4,
    // Each worker keeps the modules it loaded from one file to the next instead of loading the runtime, Langium and
    // the schemas again for every file: the suite spent 470 s of its 1,670 s of file time importing (896 s wall),
    // and 92 s without isolation (736 s wall, every test passing). Sound while no test file leaves anything behind
    // for the next (no mocked modules or stubbed globals; fake timers, spies and environment variables given back):
    // tests/architecture/shared-workers.test.ts holds every test file to that.
    isolate: false
  }
});
