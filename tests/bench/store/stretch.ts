/**
 * A store drive's warm-up and timed stretch. Phases change on the clock read after each command, not on timers:
 * PGlite answers through microtasks only, so with every client busy a setTimeout would never fire.
 */
import { cpus } from 'node:os';
import { percentile } from '../figures.ts';
import { cpuFields, machineCpu, noCpuReading } from './cpu.ts';

/** What every drive of the store bench reports of its timed stretch. */
export interface DriveRate {
  clients: number;
  commands: number;
  ms: number;
  commandsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  /** Cores the machine kept busy over the stretch (every process), and the driving process's share. */
  machineCores: number;
  /** Cores the hypervisor took meanwhile (cpu.ts). */
  stolenCores: number;
  clientCores: number;
}

export type Phase = 'warmup' | 'timed' | 'stopping';

export interface StretchReading {
  ms: number;
  /** Commands counted in the stretch. */
  commands: number;
  /** Round trips counted over the stretch (`statements` as given). */
  statements: number;
  /** This process's CPU over the stretch. */
  cpu: NodeJS.CpuUsage;
  machineCores: number;
  stolenCores: number;
}

/**
 * A stretch of `seconds` after `warmupSeconds`, from now, ending early once `maxCommands` were counted in it;
 * `statements` reads the drive's round trips so far.
 */
export function timedStretch(
  warmupSeconds: number,
  seconds: number,
  options: { statements?: () => number; maxCommands?: number } = {}
) {
  const statements = options.statements ?? (() => 0);
  const maxCommands = options.maxCommands ?? Infinity;
  let phase: Phase = 'warmup';
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  const counted = { warmup: 0, timed: 0 };
  let t0 = 0;
  let statementsAtStart = 0;
  let cpuAtStart = process.cpuUsage();
  let machine = noCpuReading;
  let reading: StretchReading | undefined;
  return {
    phase: () => phase,
    stopping: () => phase === 'stopping',
    /** Stops the drive at its clients' next command (one of them failed). */
    stop() {
      phase = 'stopping';
    },
    /**
     * Counts a command answered at `at` in the phase it was answered in, and returns that phase; the stretch then
     * moves on if `at` ends that phase.
     */
    count(at: number): Phase {
      const now = phase;
      if (now === 'warmup') counted.warmup++;
      else if (now === 'timed') counted.timed++;
      if (now === 'warmup' && at >= warmupEnd) {
        phase = 'timed';
        t0 = at;
        statementsAtStart = statements();
        cpuAtStart = process.cpuUsage();
        machine = machineCpu(cpus().length);
      } else if (now === 'timed' && (at >= t0 + seconds * 1000 || counted.timed >= maxCommands)) {
        phase = 'stopping';
        reading = {
          ms: at - t0,
          commands: counted.timed,
          statements: statements() - statementsAtStart,
          cpu: process.cpuUsage(cpuAtStart),
          ...cpuFields(machine())
        };
      }
      return now;
    },
    /** Commands counted in the warm-up so far. */
    warmupCommands: () => counted.warmup,
    /** What the timed stretch measured; throws if it never ended (the drive failed first). */
    reading(): StretchReading {
      if (!reading) throw new Error('the timed stretch did not end');
      return reading;
    }
  };
}

/** A drive's figures from its stretch's reading and the latencies of the commands counted in it. */
export function driveRate(clients: number, timed: StretchReading, latencies: number[]): DriveRate {
  return {
    clients,
    commands: timed.commands,
    ms: timed.ms,
    commandsPerSecond: (timed.commands / timed.ms) * 1000,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    machineCores: timed.machineCores,
    stolenCores: timed.stolenCores,
    clientCores: (timed.cpu.user + timed.cpu.system) / 1000 / timed.ms
  };
}
