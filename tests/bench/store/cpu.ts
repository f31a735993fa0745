/**
 * How busy the machine's CPUs were over a stretch (Linux /proc/stat), to tell a client-bound run from a
 * server-bound one on a small machine where both share the cores; and how much of them the hypervisor gave to
 * other machines meanwhile ("steal": time a virtual CPU had work but the host ran someone else's), which a
 * shared virtual machine loses without notice and which is nobody's work here.
 */
import { readFileSync } from 'node:fs';

interface Ticks {
  busy: number;
  stolen: number;
  total: number;
}

export interface MachineCpu {
  /** Cores kept busy on average by this machine's own work (user, system and interrupts). */
  busy: number;
  /** Cores the hypervisor took on average: wanted by this machine, run for another. */
  stolen: number;
}

function read(): Ticks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find(l => l.startsWith('cpu '));
    if (!line) return undefined;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq;
    return { busy, stolen: steal, total: busy + steal + idle + iowait };
  } catch {
    return undefined;
  }
}

/** Starts a stretch; the function it returns gives the cores busy and stolen on average since (NaN off Linux). */
export function machineCpu(cores: number): () => MachineCpu {
  const start = read();
  return () => {
    const end = read();
    if (!start || !end || end.total === start.total) return { busy: Number.NaN, stolen: Number.NaN };
    const share = (a: number, b: number) => ((b - a) / (end.total - start.total)) * cores;
    return { busy: share(start.busy, end.busy), stolen: share(start.stolen, end.stolen) };
  };
}

/** No reading yet: what a run holds before its timed stretch starts. */
export const noCpuReading = (): MachineCpu => ({ busy: Number.NaN, stolen: Number.NaN });

/** A stretch's reading as a run's two fields. */
export const cpuFields = (m: MachineCpu) => ({ machineCores: m.busy, stolenCores: m.stolen });
