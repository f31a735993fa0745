/**
 * How busy the machine's CPUs were over a stretch (Linux /proc/stat), to tell a client-bound run from a
 * server-bound one on a small machine where both share the cores.
 */
import { readFileSync } from 'node:fs';

interface Ticks {
  busy: number;
  total: number;
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
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/** Starts a stretch; the function it returns gives the cores kept busy on average since (NaN off Linux). */
export function machineCpu(cores: number): () => number {
  const start = read();
  return () => {
    const end = read();
    if (!start || !end || end.total === start.total) return Number.NaN;
    return ((end.busy - start.busy) / (end.total - start.total)) * cores;
  };
}
