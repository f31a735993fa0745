import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileWorkspace } from '../../dsl/src/compile/index.js';
import { formatText } from '../../dsl/src/format/format-text.js';
import { annual, calendar2026, departments, firstReview, permit } from '../../dsl/src/testing/fixtures.js';
import { loadWorkspace, type MatterWorkspace } from '../../dsl/src/workspace/load.js';
import { catalogSources } from './catalog-sources.js';
import { apply, mutation } from './mutate.js';

/**
 * Thousands of random edits of real files: the parser, the checks and the compiler must answer each with
 * diagnostics (or a Definition), never an exception, a check that crashed, or a hang.
 */
describe('fuzzing the language with mutated catalogue files', () => {
  let workspace: MatterWorkspace;
  const crashes: string[] = [];
  const seeds = [permit, annual, firstReview, calendar2026, departments, ...catalogSources()];

  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      crashes.push(args.map(String).join(' '));
    });
    workspace = await loadWorkspace([
      { uri: 'file:///fuzz/departments.matter', text: departments },
      { uri: 'file:///fuzz/target.matter', text: permit }
    ]);
  });
  afterAll(() => vi.restoreAllMocks());

  it('never crashes or hangs on 3,000 mutations', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (seed, edits) => {
          const text = edits.reduce(apply, seeds[seed]!);
          const started = performance.now();
          const document = await workspace.update('file:///fuzz/target.matter', text);
          const diagnostics = document.diagnostics ?? [];
          const compiled = compileWorkspace(
            workspace.documents.filter(d => d.uri.path.endsWith('departments.matter')).concat([document]),
            '/fuzz'
          );
          formatText(text, workspace.services.parser.Lexer);
          const elapsed = performance.now() - started;
          runs++;
          // A hang, not a speed goal: a file this size takes milliseconds.
          expect(elapsed, 'hang').toBeLessThan(10_000);
          expect(diagnostics.filter(d => String(d.message).includes('An error occurred')).map(d => d.message)).toEqual(
            []
          );
          expect(crashes).toEqual([]);
          for (const failure of compiled.failures) expect(failure.message).toMatch(/[\u4e00-\u9fff]/);
        }
      ),
      { numRuns: 3000, seed: 20261123 }
    );
    expect(runs).toBe(3000);
  }, 600_000);
});
