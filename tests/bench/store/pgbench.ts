/**
 * pgbench, the raw PostgreSQL peer of the store's and the HTTP path's commands: runs a custom script (the runtime's
 * own statements, recorded: recorded.ts) with prepared statements and reports its rate, its latency and the CPU it and
 * the machine spent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuFields, machineCpu } from './cpu.ts';

export const pgbenchPath = process.env.PGBENCH ?? 'pgbench';

export interface PgbenchRun {
  tps: number;
  transactions: number;
  latencyMs: number;
  failed: number;
  /** Cores the machine kept busy over the run, and pgbench's own share (its user and system time). */
  machineCores: number;
  /** Cores the hypervisor took meanwhile (cpu.ts). */
  stolenCores: number;
  clientCores: number;
  command: string;
}

/** Runs pgbench with `script` on `url` for `seconds`: tps without the initial connection time. */
export async function runPgbench(
  url: string,
  script: string,
  options: { clients: number; threads: number; seconds: number }
): Promise<PgbenchRun> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-pgbench-'));
  try {
    const file = join(dir, 'command.sql');
    writeFileSync(file, `${script}\n`);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-f',
      file,
      '-c',
      String(options.clients),
      '-j',
      String(options.threads),
      '-T',
      String(options.seconds),
      url
    ];
    const machine = machineCpu(cpus().length);
    const started = performance.now();
    // bash's `times` reports the CPU time pgbench used (its children's line), which Node cannot see.
    const { code, stdout, stderr } = await run('bash', [
      '-c',
      '"$0" "$@"; code=$?; times >&2; exit $code',
      pgbenchPath,
      ...args
    ]);
    const ms = performance.now() - started;
    const cores = cpuFields(machine());
    const times = [...stderr.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)].at(-1);
    const clientCores = times
      ? ((Number(times[1]) + Number(times[3])) * 60 + Number(times[2]) + Number(times[4])) / (ms / 1000)
      : Number.NaN;
    const errors = stderr.replace(/^\d+m[\d.]+s \d+m[\d.]+s$/gm, '').trim();
    const number = (pattern: RegExp) => {
      const m = pattern.exec(stdout);
      return m ? Number(m[1]) : Number.NaN;
    };
    const tps = number(/^tps = ([\d.]+) \(without initial connection time\)/m);
    const transactions = number(/^number of transactions actually processed: (\d+)/m);
    const failed = number(/^number of failed transactions: (\d+)/m);
    if (code !== 0 || !(tps > 0) || errors !== '')
      throw new Error(`pgbench exited with ${code}:\n${errors}\n${stdout.trim()}`);
    return {
      tps,
      transactions,
      latencyMs: number(/^latency average = ([\d.]+) ms/m),
      failed: Number.isNaN(failed) ? 0 : failed,
      ...cores,
      clientCores,
      command: `pgbench ${args.slice(0, -1).join(' ').replace(file, 'command.sql')}`
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}
