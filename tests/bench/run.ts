/**
 * `npm run bench [-- <filter>…]`: runs every `tests/bench/*.bench.ts` module (or those whose file name contains
 * one of the filters), prints a table of figures next to the peer or physical limit measured in the same run,
 * and writes `tests/bench/results.json`.
 *
 * Speed goals live here, measured against a peer on the same machine in the same run, never in timed tests.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, Figure } from './figures.ts';
import { machineCpu } from './store/cpu.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter(a => !a.startsWith('-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Cores stolen, for the log. */
const stolen = (cores: number) => (Number.isNaN(cores) ? 'an unknown share of the cores' : `${cores.toFixed(2)} cores`);

/** The same figure with its keys in one fixed order, so results.json diffs cleanly between runs. */
function canonical(f: Figure): Figure {
  return {
    name: f.name,
    value: f.value,
    unit: f.unit,
    peer: { name: f.peer.name, value: f.peer.value, unit: f.peer.unit },
    ratio: f.ratio,
    ...(f.goal ? { goal: { value: f.goal.value, unit: f.goal.unit, met: f.goal.met } } : {}),
    ...(f.detail ? { detail: f.detail } : {})
  };
}

/** The table: each figure beside its peer, its goal, and what the run before this one measured (results.json). */
function table(figures: Figure[], before: Map<string, Figure>): string {
  const header = ['figure', 'value', 'peer or limit (same run)', 'peer', 'ratio', 'goal', 'previous run'];
  const rows = figures.map(f => [
    f.name,
    `${f.value} ${f.unit}`,
    f.peer.name,
    `${f.peer.value} ${f.peer.unit}`,
    `${f.ratio.toFixed(2)}x`,
    f.goal ? `< ${f.goal.value} ${f.goal.unit} ${f.goal.met ? 'met' : 'MISSED'}` : '-',
    before.has(f.name) ? `${before.get(f.name)!.value} ${before.get(f.name)!.unit}` : '-'
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)));
  const right = new Set([1, 3, 4, 6]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const modules = readdirSync(benchDir)
  .filter(f => f.endsWith('.bench.ts'))
  .filter(f => filters.length === 0 || filters.some(filter => f.includes(filter)))
  .sort();
if (modules.length === 0) {
  log(`no bench module matches ${filters.join(', ')}`);
  process.exit(2);
}

const figures: Figure[] = [];
const wholeRun = machineCpu(cpus().length);
for (const file of modules) {
  log(`== ${file} (load average ${loadAverage()})`);
  const stretch = machineCpu(cpus().length);
  const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { bench?: Bench };
  if (typeof module.bench !== 'function') throw new Error(`${file} does not export bench()`);
  figures.push(...(await module.bench({ log: line => log(`   ${line}`) })).map(canonical));
  log(`   the hypervisor took ${stolen(stretch().stolen)} for other machines while ${file} ran`);
}
const stolenOverRun = wholeRun().stolen;

// A partial run (`npm run bench -- engine`) keeps the last figures of the modules it did not run.
const stems = new Set(modules.map(m => m.replace(/\.bench\.ts$/, '')));
const resultsPath = join(benchDir, 'results.json');
const previous = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as { date?: string; modules?: string[]; figures?: Figure[] })
  : {};
const kept = (previous.figures ?? []).filter(f => !stems.has(f.name.split('.')[0]!));
const allModules = [
  ...new Set([
    ...(previous.modules ?? []).filter(
      m => !modules.includes(m) && kept.some(f => m.startsWith(`${f.name.split('.')[0]}.`))
    ),
    ...modules
  ])
].sort();

/** The machine's load average (1, 5, 15 minutes): figures taken on a shared machine are read against it. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

const cpu = cpus();
const results = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    /** At the end of the run: on a shared machine, what else was running weighs on every figure. */
    loadAverage: loadAverage(),
    /**
     * Of the machine's cores, how many the hypervisor gave to other machines on average over the run ("steal"):
     * on a shared virtual machine the same code reads slower when it is high.
     */
    stolenCores: Number.isNaN(stolenOverRun) ? null : Math.round(stolenOverRun * 100) / 100
  },
  modules: allModules,
  figures: [...kept, ...figures].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
};
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

const before = new Map((previous.figures ?? []).map(f => [f.name, f]));
process.stdout.write(
  `\n${table(figures, before)}\n\n${previous.date ? `previous run: ${previous.date}\n` : ''}load average now: ${loadAverage()}\n\n`
);
for (const f of figures) if (f.detail) process.stdout.write(`${f.name}: ${f.detail}\n`);
process.stdout.write(
  `\n${figures.length} figures from ${modules.length} module(s); written to tests/bench/results.json\n`
);
const missed = figures.filter(f => f.goal && !f.goal.met);
if (missed.length > 0) process.stdout.write(`goals missed: ${missed.map(f => f.name).join(', ')}\n`);
