/**
 * The Matter language's figures:
 *
 *  (a) check AND compile a generated catalogue of 1,000 matters, COLD: a fresh child process per repetition,
 *      median of BENCH_REPS (3). Peers in the same run: the TypeScript compiler parsing and type-checking the same
 *      catalogue written as TypeScript, cold, the same way; and the physical floor (read the files, JSON.parse
 *      the compiled output). Goal: under 3 s.
 *  (b) re-check one ~300-line matter after a one-character edit, WARM (the catalogue loaded), median and p95
 *      over BENCH_EDITS (50) edits after 10 warm-up edits. Peers: TypeScript's language service on the same
 *      edits of the TypeScript twin; and the floor, parsing that one file alone. Goal: under 30 ms.
 *
 * BENCH_KEEP=1 keeps the generated catalogue (its folder is logged).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median, percentile, round, runChild, type Bench, type ChildRun } from './figures.ts';
import { generateCatalog } from './catalog/generate.ts';

const matters = 1000;
const reps = Number(process.env.BENCH_REPS ?? 3);
const edits = Number(process.env.BENCH_EDITS ?? 50);
const warmup = 10;
const coldGoalMs = 3000;
const editGoalMs = 30;

interface ColdMatter {
  importMs: number;
  totalMs: number;
  servicesMs: number;
  readMs: number;
  buildMs: number;
  compileMs: number;
  phaseMs: Record<string, number>;
  files: number;
  bytes: number;
  errors: number;
  warnings: number;
  definitions: number;
  failures: number;
  outputBytes: number;
  heapMiB: number;
}
interface ColdTypeScript {
  importMs: number;
  totalMs: number;
  parseMs: number;
  checkMs: number;
  files: number;
  errors: number;
  firstError?: string;
  heapMiB: number;
}
interface Floor {
  totalMs: number;
  readMs: number;
  parseJsonMs: number;
  files: number;
  definitions: number;
}
interface WarmMatter {
  loadMs: number;
  documents: number;
  lines: number;
  times: number[];
  parseTimes: number[];
  rebuiltPerEdit: number;
  heapMiB: number;
}
interface WarmTypeScript {
  loadMs: number;
  files: number;
  lines: number;
  times: number[];
  heapMiB: number;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number) => `${round(value, 0)} ms`;
const medianOf = <T>(runs: Array<ChildRun<T>>, pick: (r: T) => number) => median(runs.map(r => pick(r.result)));

export const bench: Bench = async ({ log }) => {
  const root = mkdtempSync(join(tmpdir(), 'banshi-bench-'));
  try {
    const generated = generateCatalog(root, { matters, typescript: true });
    const tsPeer = generated.typescript!;
    log(
      `generated ${generated.matterCount} matters (${generated.files.length} files, ${generated.lines} lines, ${kib(generated.bytes)}) and their TypeScript twin (${kib(tsPeer.bytes)}) in ${root}`
    );
    const definitions = join(root, 'definitions.json');

    // (a) cold, interleaved so that a noisy moment of the machine hits every tool alike
    const coldMatter: Array<ChildRun<ColdMatter>> = [];
    const coldTs: Array<ChildRun<ColdTypeScript>> = [];
    const floors: Array<ChildRun<Floor>> = [];
    for (let rep = 1; rep <= reps; rep++) {
      const m = await runChild<ColdMatter>('tests/bench/language/cold-matter.ts', [generated.catalogDir, definitions]);
      const r = m.result;
      if (r.errors > 0 || r.failures > 0 || r.definitions !== matters) {
        throw new Error(
          `the generated catalogue is not clean: ${r.errors} errors, ${r.failures} compile failures, ${r.definitions} definitions`
        );
      }
      coldMatter.push(m);
      log(
        `cold ${rep}/${reps}: Matter check+compile ${ms(r.totalMs)} (process ${ms(m.wallMs)}; parse ${ms(r.phaseMs.parse ?? 0)}, validate ${ms(r.phaseMs.validate ?? 0)}, compile ${ms(r.compileMs)}), ${r.warnings} warnings`
      );
      const t = await runChild<ColdTypeScript>('tests/bench/language/cold-typescript.ts', [tsPeer.dir]);
      if (t.result.errors > 0)
        throw new Error(`the TypeScript twin has ${t.result.errors} errors: ${t.result.firstError}`);
      coldTs.push(t);
      log(`cold ${rep}/${reps}: TypeScript parse+check ${ms(t.result.totalMs)} (process ${ms(t.wallMs)})`);
      const f = await runChild<Floor>('tests/bench/language/floor.ts', [generated.catalogDir, definitions]);
      if (f.result.definitions !== matters) throw new Error('the floor read the wrong definitions');
      floors.push(f);
      log(`cold ${rep}/${reps}: floor ${ms(f.result.totalMs)}`);
    }

    // (b) warm
    const wm = (
      await runChild<WarmMatter>('tests/bench/language/warm-matter.ts', [
        generated.catalogDir,
        generated.big.file,
        String(warmup),
        String(edits)
      ])
    ).result;
    log(
      `warm: Matter re-check median ${ms(median(wm.times))}, p95 ${ms(percentile(wm.times, 95))}; parse alone ${round(median(wm.parseTimes), 1)} ms`
    );
    const wt = (
      await runChild<WarmTypeScript>('tests/bench/language/warm-typescript.ts', [
        tsPeer.dir,
        tsPeer.big.file,
        String(warmup),
        String(edits)
      ])
    ).result;
    log(`warm: TypeScript re-check median ${ms(median(wt.times))}, p95 ${ms(percentile(wt.times, 95))}`);

    const first = coldMatter[0]!.result;
    const phases = Object.keys(first.phaseMs)
      .map(p => `${p} ${ms(medianOf(coldMatter, r => r.phaseMs[p] ?? 0))}`)
      .join(', ');
    const catalogue = `${matters} matters in ${first.files} files (${generated.lines} lines, ${kib(generated.bytes)})`;
    const coldHow = `median of ${reps} fresh child processes`;
    return [
      figure({
        name: 'language.catalog.cold',
        value: medianOf(coldMatter, r => r.totalMs),
        unit: 'ms',
        peer: { name: 'tsc parse+typecheck, same catalogue as .ts', value: medianOf(coldTs, r => r.totalMs) },
        goal: coldGoalMs,
        detail: `check and compile ${catalogue}, 0 errors, ${first.warnings} warnings, to ${first.definitions} zod-validated definitions (${kib(first.outputBytes)} JSON); ${coldHow}, module loading excluded. Phases: read ${ms(medianOf(coldMatter, r => r.readMs))}, ${phases}, compile ${ms(medianOf(coldMatter, r => r.compileMs))}. Peer: TypeScript ${coldTs[0]!.result.files} files (${kib(tsPeer.bytes)}), no default lib, parse ${ms(medianOf(coldTs, r => r.parseMs))} + check ${ms(medianOf(coldTs, r => r.checkMs))}, 0 errors.`
      }),
      figure({
        name: 'language.catalog.cold.floor',
        value: medianOf(coldMatter, r => r.totalMs),
        unit: 'ms',
        peer: { name: 'floor: read the files + JSON.parse the output', value: medianOf(floors, r => r.totalMs) },
        goal: coldGoalMs,
        detail: `the same figure against the physical floor (${coldHow}): read ${first.files} files ${ms(medianOf(floors, r => r.readMs))}, JSON.parse ${kib(first.outputBytes)} ${ms(medianOf(floors, r => r.parseJsonMs))}.`
      }),
      figure({
        name: 'language.catalog.cold.process',
        value: median(coldMatter.map(r => r.wallMs)),
        unit: 'ms',
        peer: { name: 'tsc process, same catalogue as .ts', value: median(coldTs.map(r => r.wallMs)) },
        goal: coldGoalMs,
        detail: `the whole child process, spawn to exit (node start-up, tsx, module loading ${ms(medianOf(coldMatter, r => r.importMs))} vs TypeScript's ${ms(medianOf(coldTs, r => r.importMs))}); ${coldHow}.`
      }),
      figure({
        name: 'language.edit.recheck.median',
        value: median(wm.times),
        unit: 'ms',
        peer: { name: 'TypeScript language service, same edits', value: median(wt.times) },
        goal: editGoalMs,
        detail: `one-character edits (a string, a number) of a ${wm.lines}-line matter with the catalogue loaded (${wm.documents} documents), through MatterWorkspace.update (TextDocuments + DocumentBuilder.update) until its diagnostics are ready; ${wm.rebuiltPerEdit} document(s) re-validated per edit; ${edits} edits after ${warmup} warm-up. Peer: the ${wt.lines}-line TypeScript twin among ${wt.files} files, incremental re-parse + syntactic and semantic diagnostics of the file.`
      }),
      figure({
        name: 'language.edit.recheck.p95',
        value: percentile(wm.times, 95),
        unit: 'ms',
        peer: { name: 'TypeScript language service, same edits', value: percentile(wt.times, 95) },
        goal: editGoalMs,
        detail: `p95 of the same ${edits} edits (max ${ms(Math.max(...wm.times))}; TypeScript max ${ms(Math.max(...wt.times))}).`
      }),
      figure({
        name: 'language.edit.recheck.parse-floor',
        value: median(wm.times),
        unit: 'ms',
        peer: { name: 'floor: parse that one file alone (warm)', value: median(wm.parseTimes) },
        goal: editGoalMs,
        detail: `the median re-check against parsing the edited ${wm.lines}-line file alone with the warm Langium parser (the least a non-incremental parser must do).`
      })
    ];
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
};
