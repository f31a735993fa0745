/**
 * `npm run proof`: the issue's proofs at the issue's sizes, in under an hour on this two-core machine, with the
 * figures written to docs/proof-results.md and docs/proof-results.json. Not part of `npm test` nor of
 * `npm run test:proofs` (which run the same proofs small).
 *
 * Budget: two lanes side by side, then the soak alone. (a) the processes: 50 SIGKILLs on PostgreSQL and 20 on PGlite,
 * 10 cuts on a private cluster, a simulated month of daily visits by two processes — timed at full size on the shared
 * machine at load 15: 10.5 min for the kills, 6.6 min for the month, about 1 min for the cuts. (b) the inputs: 100,000
 * mutated sources through check and compile and 10,000 of them through the studio API (estimated from 5,000 and 500:
 * some 15 min on a quiet machine), the malformed-request sweeps of the API and the hall on both databases (5 min at
 * load 15). Then the soak, 25 minutes (BANSHI_SOAK_MINUTES), alone so that nothing else moves its
 * memory or latency. Every size can be changed by its variable (see `sizes`); `--only=a,b` runs some parts.
 */
import { spawn, execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, createWriteStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
import { soak, flatRule, type SoakFigures } from './soak.ts';
import { judge, type Figures } from './goals.ts';
import { renderResults } from './render.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The issue's sizes; each overridden by its variable (BANSHI_PROOF_<NAME>, BANSHI_SOAK_*). */
const sizes = {
  KILLS_PG: 50,
  KILLS_PGLITE: 20,
  CUTS: 10,
  MONTH_DAYS: 30,
  MONTH_STEP: 1,
  MUTATIONS: 100_000,
  STUDIO_MUTATIONS: 10_000,
  // Already some 75,000 requests over both databases with 40 generated inputs a route: seven times the issue's 10,000.
  MALFORMED_RUNS: 40
};
const size = (name: keyof typeof sizes) => Number(process.env[`BANSHI_PROOF_${name}`] ?? sizes[name]);
/** The soak's share of the hour: the issue's hour-long soak does not fit beside the rest in one hour. */
const soakBudgetMinutes = 25;
const soakMinutes = Number(process.env.BANSHI_SOAK_MINUTES ?? soakBudgetMinutes);
const soakWindow = Number(process.env.BANSHI_SOAK_WINDOW_SECONDS ?? 60);
const soakRate = Number(process.env.BANSHI_SOAK_RATE ?? 1);

const only = process.argv
  .find(a => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (part: string) => !only || only.includes(part);

const work = mkdtempSync(join(tmpdir(), 'banshi-proof-'));
const figuresFile = join(work, 'figures.jsonl');
const startedAt = new Date();
const loads: Array<{ when: string; loadavg: number[] }> = [];
const noteLoad = (when: string) => loads.push({ when, loadavg: loadavg().map(n => Math.round(n * 100) / 100) });
const say = (line: string) => console.log(`[proof ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface PartRun {
  part: string;
  files: string[];
  seconds: number;
  passed: boolean;
  log: string;
}
const runs: PartRun[] = [];

/** Runs proof test files with vitest, their sizes in the environment; passed when vitest exits 0. */
async function vitest(part: string, files: string[], env: Record<string, string> = {}): Promise<void> {
  if (!wanted(part)) return;
  const log = join(work, `${part}.log`);
  const started = Date.now();
  say(`${part}: ${files.join(' ')}`);
  const code = await new Promise<number | null>(resolve => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...files], {
      cwd: root,
      env: {
        ...process.env,
        ...Object.fromEntries(
          Object.keys(sizes).map(k => [`BANSHI_PROOF_${k}`, String(size(k as keyof typeof sizes))])
        ),
        ...env,
        BANSHI_PROOFS: '1',
        BANSHI_PROOF_FIGURES: figuresFile,
        FORCE_COLOR: '0'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const out = createWriteStream(log);
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on('exit', resolve);
  });
  const run = { part, files, seconds: Math.round((Date.now() - started) / 1000), passed: code === 0, log };
  runs.push(run);
  say(`${part}: ${run.passed ? 'passed' : `FAILED (exit ${code}), see ${log}`} in ${run.seconds} s`);
}

async function laneProcesses() {
  await vitest('sigkill', ['tests/load/sigkill.int.test.ts']);
  if (wanted('connection-loss')) {
    let pg: PrivatePostgres | undefined;
    try {
      pg = startPrivatePostgres();
      await vitest('connection-loss', ['tests/load/connection-loss.int.test.ts'], {
        BANSHI_TEST_PG: pg.adminUrl,
        BANSHI_PROOF_PG_RESTART: pg.restartCommand
      });
    } catch (error) {
      runs.push({ part: 'connection-loss', files: [], seconds: 0, passed: false, log: String(error) });
      say(`connection-loss: could not make a private PostgreSQL cluster: ${(error as Error).message}`);
    } finally {
      pg?.stop();
    }
  }
  await vitest('simulated-month', ['tests/load/simulated-month.int.test.ts']);
}

async function laneInputs() {
  await vitest('fuzz', ['tests/fuzz/fuzz.test.ts']);
  await vitest('malformed', ['runtime/src/http/malformed.int.test.ts', 'runtime/src/hall/malformed.int.test.ts']);
}

noteLoad('start');
say(`working in ${work}`);
await Promise.all([laneProcesses(), laneInputs()]);
noteLoad('before the soak');

let soakFigures: SoakFigures | undefined;
if (wanted('soak')) {
  const started = Date.now();
  say(`soak: ${soakMinutes} min, a sample every ${soakWindow} s, rate ×${soakRate}`);
  try {
    soakFigures = await soak({ minutes: soakMinutes, windowSeconds: soakWindow, rate: soakRate }, say);
    runs.push({ part: 'soak', files: [], seconds: Math.round((Date.now() - started) / 1000), passed: true, log: '' });
  } catch (error) {
    runs.push({
      part: 'soak',
      files: [],
      seconds: Math.round((Date.now() - started) / 1000),
      passed: false,
      log: String(error)
    });
    say(`soak failed: ${(error as Error).stack}`);
  }
}
noteLoad('end');

const figures: Figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line))
  : [];
const totalMinutes = Math.round(((Date.now() - startedAt.getTime()) / 60_000) * 10) / 10;
const judged = judge(figures, soakFigures, runs, totalMinutes, {
  ...sizes,
  soakMinutes: only ? Math.max(soakMinutes, soakBudgetMinutes) : soakBudgetMinutes
});
// A run of some parts (--only) is judged on what it ran: the parts left out are not failures, and the hour is the
// whole proof's. The hour-long soak the issue asks for runs this way, on its own (README, 证明).
const goals = only ? judged.filter(g => !g.whole && g.measured !== 'not run') : judged;
const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
};
const results = {
  date: startedAt.toISOString(),
  commit: git('rev-parse', 'HEAD'),
  uncommittedFiles: git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loads
  },
  sizes: {
    ...Object.fromEntries(Object.keys(sizes).map(k => [k, size(k as keyof typeof sizes)])),
    SOAK_MINUTES: soakMinutes,
    SOAK_WINDOW_SECONDS: soakWindow,
    SOAK_RATE: soakRate
  },
  reduced: [
    ...Object.keys(sizes)
      .filter(k => size(k as keyof typeof sizes) < sizes[k as keyof typeof sizes])
      .map(k => `BANSHI_PROOF_${k}=${size(k as keyof typeof sizes)} (issue: ${sizes[k as keyof typeof sizes]})`),
    ...(soakMinutes < soakBudgetMinutes ? [`BANSHI_SOAK_MINUTES=${soakMinutes} (budget: ${soakBudgetMinutes})`] : [])
  ],
  totalMinutes,
  runs: runs.map(({ log, ...run }) => ({ ...run, log: run.passed ? undefined : log })),
  goals,
  figures,
  soak: soakFigures,
  flatRule,
  only
};
const out = process.env.BANSHI_PROOF_RESULTS ?? join(root, 'docs/proof-results.md');
mkdirSync(join(out, '..'), { recursive: true });
const json = out.replace(/\.md$/, '.json');
writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
// In the project's format, so that `npm run lint` passes with the results committed.
execFileSync(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', json]);
writeFileSync(out, renderResults(results, basename(json)));
const failed = goals.filter(g => !g.pass);
say(`${goals.length - failed.length} of ${goals.length} goals met in ${totalMinutes} min; written to ${out}`);
console.log(`\n${goals.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
