/**
 * Child process: checks AND compiles a whole catalogue, cold (fresh process, fresh services), as
 * `banshi check` + `banshi compile` would. Usage: cold-matter.ts <catalogDir> [<definitions.json to write>]
 *
 * Timed: creating the services, finding and reading the files, parse + index + scopes + link + validate,
 * compiling every matter to a zod-validated Definition, and serialising the definitions. Module loading is
 * reported apart (`importMs`: from process start, so node start-up and tsx are in it).
 */
import { writeFileSync } from 'node:fs';
import { reportResult } from '../figures.ts';

const [catalogDir, definitionsOut] = process.argv.slice(2);
if (!catalogDir) throw new Error('usage: cold-matter.ts <catalogDir> [definitions.json]');

const { EmptyFileSystem, DocumentState } = await import('langium');
const { createMatterServices } = await import('../../../dsl/src/language/matter-module.ts');
const { loadWorkspace } = await import('../../../dsl/src/workspace/load.ts');
const { compileWorkspace } = await import('../../../dsl/src/compile/index.ts');
const { planLoad } = await import('../../../dsl/src/workspace/files.ts');
const importMs = performance.now();

const t0 = performance.now();
const services = createMatterServices(EmptyFileSystem).Matter;
const tServices = performance.now();
const phases: Record<string, number> = {};
const builder = services.shared.workspace.DocumentBuilder;
for (const [state, label] of [
  [DocumentState.Parsed, 'parse'],
  [DocumentState.IndexedContent, 'index'],
  [DocumentState.ComputedScopes, 'scopes'],
  [DocumentState.Linked, 'link'],
  [DocumentState.IndexedReferences, 'indexReferences'],
  [DocumentState.Validated, 'validate']
] as const) {
  builder.onBuildPhase(state, () => {
    phases[label] = performance.now();
  });
}
const plan = planLoad([catalogDir]);
const tRead = performance.now();
const workspace = await loadWorkspace(plan.files, services);
const tBuilt = performance.now();
let errors = 0;
let warnings = 0;
for (const document of workspace.documents) {
  for (const d of workspace.diagnostics(document)) {
    if (d.severity === 1) errors++;
    else if (d.severity === 2) warnings++;
  }
}
const compiled = compileWorkspace(workspace.documents, plan.root);
const json = JSON.stringify({ catalog: compiled.catalog, definitions: compiled.definitions });
const tDone = performance.now();

if (definitionsOut) writeFileSync(definitionsOut, json);
const since = (from: number, to: number | undefined) => (to === undefined ? undefined : to - from);
let previous = tRead;
const phaseMs: Record<string, number> = {};
for (const label of ['parse', 'index', 'scopes', 'link', 'indexReferences', 'validate']) {
  const at = phases[label];
  if (at !== undefined) {
    phaseMs[label] = at - previous;
    previous = at;
  }
}
reportResult({
  importMs,
  totalMs: tDone - t0,
  servicesMs: tServices - t0,
  readMs: tRead - tServices,
  buildMs: tBuilt - tRead,
  phaseMs,
  compileMs: since(tBuilt, tDone),
  files: plan.files.length,
  bytes: plan.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0),
  errors,
  warnings,
  definitions: compiled.definitions.length,
  failures: compiled.failures.length,
  outputBytes: Buffer.byteLength(json),
  heapMiB: process.memoryUsage().heapUsed / 2 ** 20
});
