/**
 * What a bench module returns, and the helpers bench modules share: statistics and running a measurement in a
 * fresh child process (so that the JIT, the module cache and every service start cold).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A measured figure, side by side with a peer (another tool doing the same job) or a physical limit, measured in the same run. */
export interface Figure {
  /** Stable, dotted, ASCII: `language.catalog.cold`. */
  name: string;
  value: number;
  unit: string;
  peer: { name: string; value: number; unit: string };
  /** value / peer.value: below 1 is faster than the peer. */
  ratio: number;
  /** The speed goal, where the project has one. */
  goal?: { value: number; unit: string; met: boolean };
  /** How it was measured, in a sentence or two. */
  detail?: string;
}

/** A bench module (`tests/bench/*.bench.ts`) exports `bench`. */
export type Bench = (context: BenchContext) => Promise<Figure[]>;

export interface BenchContext {
  /** Progress, on standard error, so that the table stays clean. */
  log(line: string): void;
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A figure with its ratio and goal worked out, keys in the order results.json keeps. */
export function figure(input: {
  name: string;
  value: number;
  unit: string;
  peer: { name: string; value: number; unit?: string };
  goal?: number;
  detail?: string;
  digits?: number;
}): Figure {
  const digits = input.digits ?? 1;
  const value = round(input.value, digits);
  const peerValue = round(input.peer.value, digits);
  return {
    name: input.name,
    value,
    unit: input.unit,
    peer: { name: input.peer.name, value: peerValue, unit: input.peer.unit ?? input.unit },
    ratio: round(input.value / input.peer.value, 2),
    ...(input.goal !== undefined
      ? { goal: { value: input.goal, unit: input.unit, met: input.value < input.goal } }
      : {}),
    ...(input.detail ? { detail: input.detail } : {})
  };
}

/** Prefix of the one line a child process prints with its result (everything else it prints is ignored). */
export const resultPrefix = 'BENCH_RESULT ';

/** Prints a child's result for `runChild`. */
export function reportResult(result: unknown): void {
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
}

export interface ChildRun<T> {
  result: T;
  /** Wall time from spawning the process to its exit, node start-up and module loading included. */
  wallMs: number;
}

/**
 * Runs `script` (a .ts file) in a fresh Node process, with the same flags as `npm run bench`, and returns the
 * result it reported with `reportResult`.
 */
export function runChild<T>(
  script: string,
  args: string[],
  options: { nodeArgs?: string[] } = {}
): Promise<ChildRun<T>> {
  const nodeArgs = ['--import', './tools/node-polyfills.mjs', '--import', 'tsx', ...(options.nodeArgs ?? [])];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      const wallMs = performance.now() - started;
      const line = stdout.split('\n').find(l => l.startsWith(resultPrefix));
      if (code !== 0 || !line) {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code}:\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolvePromise({ result: JSON.parse(line.slice(resultPrefix.length)) as T, wallMs });
    });
  });
}
