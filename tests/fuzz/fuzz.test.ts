import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileWorkspace } from '../../dsl/src/compile/index.js';
import { formatText } from '../../dsl/src/format/format-text.js';
import { annual, calendar2026, departments, firstReview, permit } from '../../dsl/src/testing/fixtures.js';
import { loadWorkspace, type MatterWorkspace } from '../../dsl/src/workspace/load.js';
import { catalogueSources } from '../../runtime/src/testing/catalogue-sources.ts';
import { openTestApp, type Client, type TestApp } from '../../runtime/src/testing/http.ts';
import { proofSize, recordFigures } from '../../tools/proof/figures.ts';
import { catalogSources } from './catalog-sources.js';
import { apply, mutation } from './mutate.js';

/** Mutated sources checked and compiled in the process (`npm run proof`: BANSHI_PROOF_MUTATIONS). */
const mutations = proofSize('MUTATIONS', 3000);
/** Of those, how many are also posted to the studio's check endpoint (BANSHI_PROOF_STUDIO_MUTATIONS). */
const throughStudio = proofSize('STUDIO_MUTATIONS', 100);
vi.setConfig({ testTimeout: 600_000 + mutations * 20 + throughStudio * 100 });

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

  it('never crashes or hangs on thousands of mutations (BANSHI_PROOF_MUTATIONS)', async () => {
    let runs = 0;
    let slowest = 0;
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
          slowest = Math.max(slowest, elapsed);
          // A hang, not a speed goal: a file this size takes milliseconds.
          expect(elapsed, 'hang').toBeLessThan(10_000);
          expect(diagnostics.filter(d => String(d.message).includes('An error occurred')).map(d => d.message)).toEqual(
            []
          );
          expect(crashes).toEqual([]);
          for (const failure of compiled.failures) expect(failure.message).toMatch(/[\u4e00-\u9fff]/);
        }
      ),
      { numRuns: mutations, seed: 20261123 }
    );
    recordFigures('fuzz-language', {
      sources: runs,
      crashes: crashes.length,
      hangs: 0,
      slowestMs: Math.round(slowest)
    });
    expect(runs).toBe(mutations);
  });
});

/** The same mutated sources posted to the studio's check endpoint: diagnostics in a 200, never a 500 or a hang. */
describe('fuzzing the studio API with mutated catalogue files', () => {
  let t: TestApp;
  let author: Client;
  const seeds = [permit, annual, firstReview, ...catalogSources()];

  beforeAll(async () => {
    t = await openTestApp('pglite');
    // The test store imports golden Definitions without the catalogue's files; put them where the runtime keeps them.
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    author = await t.as('author');
  }, 120_000);
  afterAll(async () => t?.close());

  it('answers mutated sources with diagnostics, never a 5xx or a hang', async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let hangs = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (seed, edits) => {
          const source = edits.reduce(apply, seeds[seed]!);
          const started = performance.now();
          const answer = await author.post('/api/studio/check', { source });
          const elapsed = performance.now() - started;
          slowest = Math.max(slowest, elapsed);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          // A hang, not a speed goal (as above).
          if (elapsed >= 10_000) hangs++;
          if (answer.status >= 500) failures.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
      ),
      { numRuns: throughStudio, seed: 20261203 }
    );
    recordFigures('fuzz-studio-api', {
      requests: throughStudio,
      statuses: Object.fromEntries(statuses),
      fiveHundreds: failures.length,
      hangs,
      slowestMs: Math.round(slowest)
    });
    expect(failures).toEqual([]);
    expect(hangs).toBe(0);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  });
});
