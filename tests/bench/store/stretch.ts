/**
 * A store drive's warm-up and timed stretch. Phases change on the clock read after each command, not on timers:
 * PGlite answers through microtasks only, so with every client busy a setTimeout would never fire.
 */
import { cpus } from 'node:os';
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
  /** Round trips counted over the stretch (`statements` as given). */
  statements: number;
  /** This process's CPU over the stretch. */
  cpu: NodeJS.CpuUsage;
  machineCores: number;
  stolenCores: number;
}

/** A stretch of `seconds` after `warmupSeconds`, from now; `statements` reads the drive's round trips so far. */
export function timedStretch(warmupSeconds: number, seconds: number, statements: () => number = () => 0) {
  let phase: Phase = 'warmup';
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  let t0 = 0;
  let statementsAtStart = 0;
  let cpuAtStart = process.cpuUsage();
  let machine = noCpuReading;
  let reading: StretchReading | undefined;
  return {
    stopping: () => phase === 'stopping',
    /** Stops the drive at its clients' next command (one of them failed). */
    stop() {
      phase = 'stopping';
    },
    /** The phase a command answered at `at` counts in; the stretch then moves on if `at` ends that phase. */
    count(at: number): Phase {
      const counted = phase;
      if (phase === 'warmup' && at >= warmupEnd) {
        phase = 'timed';
        t0 = at;
        statementsAtStart = statements();
        cpuAtStart = process.cpuUsage();
        machine = machineCpu(cpus().length);
      } else if (phase === 'timed' && at >= t0 + seconds * 1000) {
        phase = 'stopping';
        reading = {
          ms: at - t0,
          statements: statements() - statementsAtStart,
          cpu: process.cpuUsage(cpuAtStart),
          ...cpuFields(machine())
        };
      }
      return counted;
    },
    /** What the timed stretch measured; throws if it never ended (the drive failed first). */
    reading(): StretchReading {
      if (!reading) throw new Error('the timed stretch did not end');
      return reading;
    }
  };
}
